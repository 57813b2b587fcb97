"""Claim rules a new installation starts with: Canadian defaults, editable in the admin.

The rationales paraphrase the principles shared by Canadian health regulators'
advertising standards (for example the College of Dental Surgeons of Alberta's
and the College of Physicians & Surgeons of Alberta's) and Health Canada's
limits on advertising prescription drugs to the public (Food and Drug
Regulations, C.01.044). They are a starting point for a clinic's compliance
team, not legal advice.
"""

BRAND_NAMES = "Botox\nDysport\nXeomin\nJeuveau\nNuceiva\nDaxxify\nLetybo"
BENEFIT_WORDS = (
    "wrinkle\nwrinkles\nlines\nyounger\nyouthful\nrejuvenate\nrelief\nrelieve\n"
    "eliminate\nerase\nsmooth\nreduce\nstop\nrides\nrajeunir\nsoulager\nsoulagement\n"
    "effacer\nreduire\nlisser"
)

DEFAULT_RULES = [
    {
        "name": "Guarantees of results (English)",
        "category": "guarantee",
        "language": "en",
        "phrases": "guaranteed\nguarantee\npermanent\npermanently\nrisk-free\nrisk free\n"
        "painless\npain-free\nno side effects\nno risks\n100%\ncompletely safe\n"
        "totally safe\nmiracle",
        "rationale": "Treatments never have certain results and always carry some risk. "
        "Regulators' advertising standards forbid promising outcomes, permanence or safety.",
    },
    {
        "name": "Guarantees of results (French)",
        "category": "guarantee",
        "language": "fr",
        "phrases": "garanti\ngarantie\ngaranties\ngarantis\ngarantit\npermanent\npermanente\n"
        "permanents\npermanentes\nsans risque\nsans risques\nsans douleur\nindolore\n"
        "aucun effet secondaire\naucun risque\n100 %\n100%\nmiracle\nmiraculeux",
        "rationale": "Aucun traitement n'a de résultat certain ni n'est sans risque. "
        "Les normes de publicité des ordres professionnels interdisent de promettre un "
        "résultat, sa permanence ou l'absence de risque.",
    },
    {
        "name": "Superiority claims",
        "category": "superiority",
        "language": "all",
        "is_regex": True,
        "phrases": r"\bbest\b(?!\s+(?:known|suited|way|time|for you)\b)"
        "\n"
        r"\b(?:the finest|world[\s-]class|unmatched|superior|leading|number one|inegale?)\b"
        "\n"
        r"#\s?1\b|\bno\.?\s?1\b|\bn°\s?1\b|\bnumero un\b|\bchef de file\b"
        "\n"
        r"\bmeilleur(?:e|s|es)?\b(?!\s+(?:moment|facon|choix pour vous)\b)",
        "rationale": "Claims that a clinic or clinician is better than others cannot be "
        "verified and are not allowed in health-care advertising.",
    },
    {
        "name": "Inducements",
        "category": "inducement",
        "language": "all",
        "is_regex": True,
        "phrases": r"(?<![-\w])free(?!\s+(?:to|of charge to|from|of)\b)(?![-\w])"
        "\n"
        r"\d+\s*%\s*(?:off|de rabais|de reduction)"
        "\n"
        r"\blimited[\s-]time\b"
        "\n"
        r"\boffre (?:limitee|d'une duree limitee)\b"
        "\n"
        r"\bgratuit(?:e|s|es)?\b"
        "\n"
        r"\b(?:act now|book now and save|special offer|promo(?:tion)?s?)\b",
        "rationale": "Discounts, free treatments and time-limited offers pressure patients "
        "into health decisions; regulators' advertising standards prohibit them.",
    },
    {
        "name": "Testimonials",
        "category": "testimonial",
        "language": "all",
        "is_regex": True,
        "phrases": r"\btestimonials?\b"
        "\n"
        r"\btemoignages?\b"
        "\n"
        r"★"
        "\n"
        r"\b5[\s-]star\b"
        "\n"
        r"\b(?:our|nos) (?:patients|clients) (?:say|love|disent|adorent)\b",
        "rationale": "Patient testimonials cannot be verified and imply typical results; "
        "health regulators do not allow them in advertising.",
    },
    {
        "name": "Prescription brand name with a benefit claim",
        "category": "brand_claim",
        "language": "all",
        "promotional_only": True,
        "phrases": BRAND_NAMES,
        "near_phrases": BENEFIT_WORDS,
        "rationale": "Advertising a prescription drug to the public is limited to its name, "
        "price and quantity (Food and Drug Regulations, C.01.044). On a page that advertises "
        "a price, describe the treatment by its proper name (botulinum toxin) when stating "
        "benefits.",
    },
]
