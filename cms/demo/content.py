"""The demo content itself: explainers, risk lists, practitioners and clinics.

Plain data only, so editors of the demo can change wording here without
touching the loader. Rich text is Wagtail's stored HTML; body blocks are in
the StreamField's stored JSON form. Phone numbers use the 555-01xx range,
which is reserved for fiction; web and email addresses use example.com.
"""

# --- StreamField block helpers (stored JSON form) ---------------------------


def section(heading, html):
    return {"type": "section", "value": {"heading": heading, "content": html}}


def bullet_list(heading, items, style="bulleted"):
    return {"type": "list", "value": {"heading": heading, "style": style, "items": list(items)}}


def faq(heading, pairs):
    questions = [{"question": q, "answer": a} for q, a in pairs]
    return {"type": "faq", "value": {"heading": heading, "questions": questions}}


def callout(tone, heading, html):
    return {"type": "callout", "value": {"tone": tone, "heading": heading, "text": html}}


# --- Images -----------------------------------------------------------------

#: key -> artwork spec. Colours: two for the background wash, then accents, then ink.
HERO_IMAGES = {
    "botox": {
        "title": "Therapeutic Botox",
        "subtitle": "Calming overactive muscles, nerves and glands",
        "alt": "Abstract illustration: soft teal and sand shapes drifting over a pale "
        "background, with the title Therapeutic Botox.",
        "colours": ["#e8f1ef", "#f6ede2", "#7fb7ad", "#d9b48f", "#a9cbd8", "#24474a"],
    },
    "night-guard": {
        "title": "Night guards",
        "subtitle": "Protecting teeth from grinding and clenching",
        "alt": "Abstract illustration: overlapping lavender and moonlit blue circles on a "
        "dusky background, with the title Night guards.",
        "colours": ["#e9e7f4", "#dfe8f3", "#a49fd0", "#8fb2d6", "#cfc6e6", "#2c2f52"],
    },
    "sleep-appliance": {
        "title": "Oral appliances for sleep",
        "subtitle": "Helping to keep the airway open at night",
        "alt": "Abstract illustration: gentle indigo and sage waves under a pale sky, with "
        "the title Oral appliances for sleep.",
        "colours": ["#eef2ea", "#e4e9f2", "#8aa7c9", "#a9c3a0", "#c7d6e8", "#25384f"],
    },
}

PORTRAIT_COLOURS = [
    ["#e6f0ee", "#7fb7ad", "#24474a"],
    ["#f3ece3", "#d9b48f", "#5a3e22"],
    ["#ebe9f5", "#a49fd0", "#2c2f52"],
    ["#eef2ea", "#a9c3a0", "#2f4429"],
]

# --- Library ----------------------------------------------------------------

LIBRARY = {
    "title": "Treatments",
    "slug": "treatments",
    "search_description": "Plain-language explainers for the treatments our clinics offer.",
    "introduction": "<p>Plain-language explainers for the treatments offered at our clinics. "
    "Each clinic's own site adds its prices, practitioners and how to book.</p>",
    "site_name": "Treatment library",
    "hostname": "localhost",
}

# --- Risk lists -------------------------------------------------------------

RISK_LISTS = [
    {
        "name": "Botulinum toxin injections",
        "introduction": "When the treatment is given for a medical reason, side effects are "
        "rare and usually wear off by themselves. Which ones are possible depends on where "
        "the injections go.",
        "items": [
            {
                "name": "Weakness in nearby muscles",
                "description": "The medicine can reach a muscle next to the one being treated "
                "and relax it too, so chewing or a facial movement may feel weaker than usual.",
                "frequency": "rare",
                "serious": False,
                "typical_duration": "a few weeks",
                "action": "contact_clinic",
            },
            {
                "name": "Drooping eyelid",
                "description": "After injections near the forehead or eyes, an upper eyelid "
                "may sit a little lower than normal.",
                "frequency": "rare",
                "serious": False,
                "typical_duration": "2 to 6 weeks",
                "action": "contact_clinic",
            },
            {
                "name": "Uneven facial appearance",
                "description": "One side of the face or smile can look slightly different "
                "from the other while the medicine takes effect.",
                "frequency": "rare",
                "serious": False,
                "typical_duration": "a few weeks",
                "action": "contact_clinic",
            },
            {
                "name": "Small bruise at an injection site",
                "description": "A small bruise or tender spot where the needle went in. "
                "A cold pack in the first hours can help.",
                "frequency": "rare",
                "serious": False,
                "typical_duration": "a few days to a week",
                "action": "self_care",
            },
            {
                "name": "Aching mouth or jaw",
                "description": "The jaw or mouth may feel sore or tired, especially after "
                "treatment of the chewing muscles.",
                "frequency": "rare",
                "serious": False,
                "typical_duration": "a few days",
                "action": "self_care",
            },
        ],
    },
    {
        "name": "Custom-made mouth appliances",
        "introduction": "Most people get used to a new appliance within a couple of weeks. "
        "These effects are usually mild and fade as you adjust.",
        "items": [
            {
                "name": "Tender teeth or jaw in the morning",
                "description": "Teeth or jaw muscles can feel sore for the first mornings "
                "of wearing the appliance.",
                "frequency": "common",
                "serious": False,
                "typical_duration": "the first 1 to 2 weeks",
                "action": "self_care",
            },
            {
                "name": "Extra saliva or a dry mouth",
                "description": "Your mouth may make more saliva than usual, or feel dry, "
                "while it gets used to the appliance.",
                "frequency": "common",
                "serious": False,
                "typical_duration": "a few nights to 2 weeks",
                "action": "self_care",
            },
            {
                "name": "Bite feels different on waking",
                "description": "For a short while after you take the appliance out, your "
                "back teeth may not meet the way they usually do.",
                "frequency": "uncommon",
                "serious": False,
                "typical_duration": "usually less than an hour",
                "action": "self_care",
            },
            {
                "name": "Sore spot on the gums or cheek",
                "description": "A tight or rough edge can rub. We smooth or adjust the "
                "appliance at a short visit.",
                "frequency": "uncommon",
                "serious": False,
                "typical_duration": "until the appliance is adjusted",
                "action": "contact_clinic",
            },
            {
                "name": "Gradual change in how your teeth meet",
                "description": "Over months or years of wear, particularly with appliances "
                "that hold the jaw forward, the bite can slowly shift. We check for this at "
                "every review.",
                "frequency": "rare",
                "serious": False,
                "typical_duration": "can be long-lasting",
                "action": "contact_clinic",
            },
        ],
    },
]

# --- Master explainers ------------------------------------------------------

# --- Clinical review ------------------------------------------------------------
# Reviewers are fictional; their registration numbers say so. The sources are
# real publications, cited for the facts the demo pages state.

REVIEWERS = [
    {
        "name": "Dr. Priya Raman",
        "credentials": "DMD, MSc",
        "regulator": "College of Dental Surgeons of Alberta",
        "registration_number": "DEMO-2041",
    },
    {
        "name": "Dr. Marc-André Tremblay",
        "credentials": "DDS",
        "regulator": "College of Dental Surgeons of Alberta",
        "registration_number": "DEMO-3187",
    },
]

SOURCES = [
    {
        "key": "botox-monograph",
        "citation": "Health Canada. Drug Product Database: BOTOX (onabotulinumtoxinA) "
        "product monograph.",
        "source_type": "monograph",
        "url": "https://health-products.canada.ca/dpd-bdpp/",
    },
    {
        "key": "bruxism-consensus",
        "citation": "Lobbezoo F, et al. International consensus on the assessment of "
        "bruxism: report of a work in progress. J Oral Rehabil. 2018;45(11):837–844.",
        "source_type": "systematic_review",
        "doi": "10.1111/joor.12663",
    },
    {
        "key": "oral-appliance-guideline",
        "citation": "Ramar K, et al. Clinical practice guideline for the treatment of "
        "obstructive sleep apnea and snoring with oral appliance therapy: an update for "
        "2015. J Clin Sleep Med. 2015;11(7):773–827.",
        "source_type": "guideline",
        "doi": "10.5664/jcsm.4858",
    },
]

#: Per explainer: reviewer, sources, the source for the timing facts, and how
#: many months ago the last review was (Night guards is due for review soon).
REVIEWS = {
    "therapeutic-botox": {
        "reviewer": "Dr. Priya Raman",
        "sources": ["botox-monograph"],
        "timing_source": "botox-monograph",
        "months_ago": 0,
    },
    "night-guards": {
        "reviewer": "Dr. Marc-André Tremblay",
        "sources": ["bruxism-consensus"],
        "timing_source": "bruxism-consensus",
        "months_ago": 11,
    },
    "sleep-apnea-appliances": {
        "reviewer": "Dr. Marc-André Tremblay",
        "sources": ["oral-appliance-guideline"],
        "timing_source": "oral-appliance-guideline",
        "months_ago": 2,
    },
}


TREATMENTS = [
    {
        "slug": "therapeutic-botox",
        "title": "Therapeutic Botox",
        "search_description": "How botulinum toxin injections can ease jaw clenching, "
        "headaches, muscle pain and heavy sweating, what to expect and what it costs.",
        "hero_image": "botox",
        "summary": "Botulinum toxin, best known by the brand name Botox, is a prescription "
        "medicine injected in small amounts to calm muscles, nerves or sweat glands that are "
        "working too hard. Our dentists use it for problems such as jaw clenching, headaches "
        "and muscle pain, and to soften some facial lines.",
        "uses": [
            ("Forehead lines", "cosmetic"),
            ("Frown lines between the eyebrows", "cosmetic"),
            ("Crow's feet around the eyes", "cosmetic"),
            ("Smile lines", "cosmetic"),
            ("Headaches and migraines", "therapeutic"),
            ("Neck pain", "therapeutic"),
            ("Teeth grinding (bruxism)", "therapeutic"),
            ("Jaw clenching", "therapeutic"),
            ("Painful muscle trigger points", "therapeutic"),
            ("Back and shoulder pain", "therapeutic"),
            ("Muscle spasms", "therapeutic"),
            ("Excessive sweating (hyperhidrosis)", "therapeutic"),
        ],
        "how_it_works": (
            "<p>The medicine acts only where it is injected. It dampens the signals that "
            "tell a muscle, nerve or gland to work, so that spot becomes less active for a "
            "few months.</p>"
            "<ul>"
            "<li><b>Muscles:</b> a muscle that is tight or in spasm can let go, which eases "
            "tension and the pain that comes with it.</li>"
            "<li><b>Nerves:</b> fewer pain signals are passed along, which is why it can "
            "help some people who live with chronic migraine.</li>"
            "<li><b>Sweat glands:</b> the treated skin sweats less. Sweating elsewhere, and "
            "your body's ability to cool itself, carry on as before.</li>"
            "</ul>"
            "<p>The injection is the same whether the goal is medical or cosmetic. What "
            "changes is where it is placed and how much is used.</p>"
        ),
        "timing": {
            "onset_min": 2,
            "onset_max": 3,
            "onset_unit": "days",
            "full_effect_min": None,
            "full_effect_max": 2,
            "full_effect_unit": "weeks",
            "duration_min": 3,
            "duration_max": 6,
            "duration_unit": "months",
        },
        "cost_and_coverage": (
            "<p>The cost depends on how many areas are treated and how much medicine each "
            "one needs. Your clinic's page lists its own prices.</p>"
            "<ul>"
            "<li>When the treatment is for a medical reason, such as jaw clenching or "
            "migraine, private health or dental insurance often pays part of it. Check your "
            "plan, or ask us to send your insurer an estimate first.</li>"
            "<li>Treatment purely to change how you look is usually not covered.</li>"
            "</ul>"
            "<p>Every plan starts with a thorough examination, so we can make sure the "
            "treatment suits your needs and your budget before anything is booked.</p>"
        ),
        "risk_lists": ["Botulinum toxin injections"],
        "body": [
            section(
                "Who might benefit?",
                "<p>It is most often considered when symptoms come from muscles that work "
                "too hard: for example, waking up with an aching jaw from clenching, or "
                "frequent headaches linked to muscle tension. It is usually offered after "
                "simpler measures, such as a night guard, physiotherapy or changes in daily "
                "habits, have not helped enough.</p>"
                "<p>It is not right for everyone. Let us know if you are pregnant or "
                "breastfeeding, have a nerve or muscle condition such as myasthenia gravis, "
                "or take medicines that affect your muscles or bleeding.</p>",
            ),
            bullet_list(
                "What happens at your appointment",
                [
                    "We examine the area, go over your symptoms and medical history, and "
                    "explain your options, including not treating.",
                    "If you decide to go ahead, we agree on the areas to treat and the cost "
                    "before we begin.",
                    "The dentist cleans the skin and gives a few small injections with a very "
                    "fine needle. This usually takes 10 to 20 minutes.",
                    "Most people return to their normal day straight afterwards.",
                    "About two weeks later we check how well it has worked.",
                ],
                style="numbered",
            ),
            callout(
                "important",
                "After your injections",
                "<p>For the rest of the day, avoid rubbing the treated area and skip hard "
                "exercise. If you have any trouble swallowing, speaking or breathing, "
                "<b>seek urgent medical care</b>.</p>",
            ),
            faq(
                "Questions patients ask",
                [
                    (
                        "Is therapeutic Botox a different medicine from cosmetic Botox?",
                        "<p>No. The same medicine is used for both; what differs is where it "
                        "is injected and what it is meant to achieve.</p>",
                    ),
                    (
                        "Does it hurt?",
                        "<p>Most people feel a quick sting or pinch with each injection. A "
                        "cold pack beforehand can make it more comfortable.</p>",
                    ),
                    (
                        "How often will I need it?",
                        "<p>The effect fades gradually, usually after three to six months, so "
                        "treatment is repeated if you want to keep the benefit. We review how "
                        "long it lasts for you and adjust the plan.</p>",
                    ),
                    (
                        "Will it change my facial expressions?",
                        "<p>Treatment for clenching targets the chewing muscles rather than "
                        "the muscles you smile with, so expressions are usually unaffected. "
                        "A temporary change can occasionally happen; see the risks below.</p>",
                    ),
                ],
            ),
        ],
        "cta_heading": "Could Botox help you?",
        "cta_text": "Call us or book online for an examination. We will talk through your "
        "options, the cost and a treatment plan with you.",
    },
    {
        "slug": "night-guards",
        "title": "Night guards for teeth grinding",
        "search_description": "How a custom night guard protects teeth from grinding and "
        "clenching during sleep, how it is made and what it costs.",
        "hero_image": "night-guard",
        "summary": "A night guard is a thin, custom-made appliance you wear over your upper "
        "or lower teeth while you sleep. It takes the force of grinding and clenching so "
        "your teeth do not, and it often eases a sore jaw in the morning.",
        "uses": [
            ("Teeth grinding (bruxism)", "therapeutic"),
            ("Jaw clenching", "therapeutic"),
            ("Morning jaw ache or headaches linked to clenching", "therapeutic"),
            ("Protecting worn or chipped teeth", "therapeutic"),
            ("Protecting crowns and veneers", "therapeutic"),
        ],
        "how_it_works": (
            "<p>The guard places a smooth, hard layer between your upper and lower teeth. "
            "When you grind or clench in your sleep, your teeth press on the guard rather "
            "than on each other, which protects the enamel. Its flat surface also lets the "
            "jaw glide more freely, which can take some strain off tired chewing "
            "muscles.</p>"
            "<p>A guard protects your teeth but does not stop the habit. If grinding is "
            "linked to stress, poor sleep or certain medicines, we may suggest looking at "
            "those as well.</p>"
        ),
        "timing": {
            "onset_min": 1,
            "onset_max": 2,
            "onset_unit": "weeks",
            "full_effect_min": None,
            "full_effect_max": None,
            "full_effect_unit": "weeks",
            "duration_min": None,
            "duration_max": None,
            "duration_unit": "months",
        },
        "cost_and_coverage": (
            "<p>The fee covers the examination, a scan or impressions of your teeth, the "
            "laboratory-made guard and a fitting visit with adjustments.</p>"
            "<ul>"
            "<li>Many dental plans pay part of the cost of a night guard, often once every "
            "few years.</li>"
            "<li>We can send your insurer a predetermination so you know your share "
            "before you decide.</li>"
            "</ul>"
        ),
        "risk_lists": ["Custom-made mouth appliances"],
        "body": [
            section(
                "Signs you may be grinding",
                "<p>Many people grind without knowing it. Clues include a stiff or tired jaw "
                "when you wake, dull headaches in the morning, teeth that look flattened or "
                "chipped, new sensitivity, or a partner who hears grinding at night.</p>",
            ),
            bullet_list(
                "How your night guard is made",
                [
                    "At an examination we check your teeth, jaw joints and muscles, and look "
                    "for other causes of your symptoms.",
                    "We take a digital scan or impressions of your teeth.",
                    "A dental laboratory makes the guard to fit your teeth closely; this "
                    "usually takes one to two weeks.",
                    "At the fitting we adjust it until your bite feels even, and show you how "
                    "to look after it.",
                ],
                style="numbered",
            ),
            callout(
                "info",
                "Snoring or gasping at night?",
                "<p>Grinding sometimes comes with disturbed breathing during sleep. If you "
                "snore loudly, wake up gasping or feel tired during the day, tell us: a night "
                "guard does not treat sleep apnea, and you may need a sleep assessment.</p>",
            ),
            faq(
                "Questions patients ask",
                [
                    (
                        "How long does a night guard last?",
                        "<p>With nightly wear, a hard guard typically lasts several years; "
                        "heavy grinding wears it down sooner. Bring it to your checkups so we "
                        "can look for cracks or thin spots.</p>",
                    ),
                    (
                        "How do I clean it?",
                        "<p>Each morning, rinse it and brush it gently with a soft toothbrush "
                        "and cool water, then let it dry in its case. Hot water can warp "
                        "it.</p>",
                    ),
                    (
                        "Can I use a guard from the pharmacy instead?",
                        "<p>Boil-and-bite guards are softer and fit less precisely. Some "
                        "people end up chewing on them, and a loose fit can strain the jaw. "
                        "A custom guard is shaped to your bite and can be adjusted over "
                        "time.</p>",
                    ),
                ],
            ),
        ],
        "cta_heading": "Waking up with a sore jaw?",
        "cta_text": "Book an examination. We will look for signs of grinding, talk through "
        "your options and give you a clear estimate.",
    },
    {
        "slug": "sleep-apnea-appliances",
        "title": "Oral appliances for snoring and sleep apnea",
        "search_description": "How a custom mouthpiece that holds the lower jaw forward can "
        "reduce snoring and treat mild to moderate obstructive sleep apnea.",
        "hero_image": "sleep-appliance",
        "summary": "A custom-made mouthpiece, worn at night, that holds the lower jaw slightly "
        "forward to help keep the airway open. It can reduce snoring, and it is one treatment "
        "option for mild to moderate obstructive sleep apnea once a physician has confirmed "
        "the diagnosis.",
        "uses": [
            ("Loud, frequent snoring", "therapeutic"),
            ("Mild to moderate obstructive sleep apnea", "therapeutic"),
            ("Sleep apnea when a CPAP machine cannot be tolerated", "therapeutic"),
        ],
        "how_it_works": (
            "<p>During sleep the muscles of the throat relax. In some people the tongue and "
            "soft tissues then narrow the airway, causing snoring or pauses in breathing. "
            "The appliance has a part for each jaw, linked so that the lower jaw rests a "
            "little forward. That brings the tongue forward as well and leaves more room to "
            "breathe.</p>"
            "<p>We start with a cautious jaw position and bring it forward in small steps "
            "over several weeks, until we find the balance between effect and comfort that "
            "suits you.</p>"
        ),
        "timing": {
            "onset_min": None,
            "onset_max": None,
            "onset_unit": "days",
            "full_effect_min": 4,
            "full_effect_max": 8,
            "full_effect_unit": "weeks",
            "duration_min": None,
            "duration_max": None,
            "duration_unit": "months",
        },
        "cost_and_coverage": (
            "<p>The fee includes the examination, scans, the laboratory-made appliance and "
            "the visits to adjust it.</p>"
            "<ul>"
            "<li>When a physician has diagnosed sleep apnea, extended health or dental plans "
            "often cover part of the cost. Coverage for snoring alone is less common.</li>"
            "<li>We can send your insurer a predetermination before treatment starts.</li>"
            "</ul>"
        ),
        "risk_lists": ["Custom-made mouth appliances"],
        "body": [
            callout(
                "important",
                "A diagnosis comes first",
                "<p>Snoring can be a sign of obstructive sleep apnea, which affects your heart "
                "and general health. Dentists do not diagnose sleep apnea: your physician "
                "arranges a sleep study before we make an appliance for it, and a follow-up "
                "study afterwards to confirm that it is working.</p>",
            ),
            section(
                "Who is it suited to?",
                "<p>An oral appliance can suit people who snore, people with mild to moderate "
                "sleep apnea, and people with more severe apnea who have tried CPAP and "
                "cannot use it. You need enough healthy teeth to hold the appliance in place, "
                "so it may not be an option with loose teeth, advanced gum disease or an "
                "active jaw joint problem.</p>",
            ),
            bullet_list(
                "Living with your appliance",
                [
                    "Wear it every night; the benefit stops when it is out.",
                    "Clean it each morning with a soft brush and cool water.",
                    "Do the short jaw exercise we show you each morning to help your bite settle.",
                    "Come to your reviews, usually every 6 to 12 months, so we can check the "
                    "fit and your bite.",
                ],
            ),
            faq(
                "Questions patients ask",
                [
                    (
                        "Will it stop my snoring completely?",
                        "<p>Many people snore less and some stop, but results vary. Feedback "
                        "from your bed partner and a follow-up sleep study help us judge the "
                        "effect.</p>",
                    ),
                    (
                        "Is it an alternative to CPAP?",
                        "<p>For mild to moderate sleep apnea it is an accepted option. For "
                        "severe apnea CPAP usually works better, and an appliance is mainly "
                        "for people who cannot tolerate CPAP. You, your physician and your "
                        "dentist decide together.</p>",
                    ),
                ],
            ),
        ],
        "cta_heading": "Is snoring keeping someone awake?",
        "cta_text": "Book a consultation. We will check whether an oral appliance is an option "
        "for you and work with your physician on the next steps.",
    },
]

# --- Practitioners ----------------------------------------------------------

PRACTITIONERS = [
    {
        "name": "Dr. Amira Haddad",
        "credentials": "DMD",
        "role": "General dentist",
        "bio": "Dr. Haddad has practised general dentistry in Calgary for over ten years and "
        "has completed further training in therapeutic botulinum toxin for jaw and facial "
        "pain. She also sees patients in Red Deer twice a month.",
    },
    {
        "name": "Dr. Liam Kowalczyk",
        "credentials": "DDS",
        "role": "General dentist",
        "bio": "Dr. Kowalczyk has a special interest in dental sleep medicine and makes oral "
        "appliances for snoring and sleep apnea in partnership with patients' physicians.",
    },
    {
        "name": "Priya Natarajan",
        "credentials": "RDH",
        "role": "Registered dental hygienist",
        "bio": "Priya helps patients care for their teeth and gums, and shows new appliance "
        "wearers how to clean and store their night guards.",
    },
    {
        "name": "Dr. Marc-André Tremblay",
        "credentials": "DMD",
        "role": "General dentist",
        "bio": "Dr. Tremblay treats jaw clenching and grinding, from night guards to "
        "therapeutic injections, and sees patients in English and French.",
    },
    {
        "name": "Dr. Grace Okafor",
        "credentials": "DDS, MSc",
        "role": "Dentist with a focus on jaw and facial pain",
        "bio": "Dr. Okafor holds a master's degree in orofacial pain and helps patients with "
        "jaw joint problems, headaches and muscle pain.",
    },
    {
        "name": "Dr. Sofia Lindqvist",
        "credentials": "DDS",
        "role": "General dentist",
        "bio": "Dr. Lindqvist looks after families in central Alberta and fits custom night "
        "guards for patients who grind or clench.",
    },
]

# --- Clinics ----------------------------------------------------------------

# Weekdays: 0 = Monday ... 5 = Saturday.
# --- People and roles ---------------------------------------------------------

#: Demo logins (password 'changeme'): each clinic's editor is named on its clinic below.
CLINICAL_WRITER = "clinical-writer"
CLINICAL_REVIEWER = "clinical-reviewer"

CLINICS = [
    {
        "slug": "calgary",
        "title": "Calgary Beltline Clinic",
        "hostname": "calgary.localhost",
        "search_description": "Dental care, night guards and therapeutic Botox on 17th Avenue "
        "SW in Calgary's Beltline.",
        "introduction": "<p>Our Beltline clinic is on 17th Avenue SW, with street parking "
        "nearby. Evening appointments are available on Tuesdays.</p>",
        "street_address": "1207 17 Ave SW, Suite 220",
        "city": "Calgary",
        "province": "AB",
        "postal_code": "T2T 0B9",
        "phone": "+14035550142",
        "email": "calgary@clinics.example.com",
        "booking_url": "https://booking.example.com/clinic-cms/calgary",
        "latitude": "51.037880",
        "longitude": "-114.089930",
        "time_zone": "America/Edmonton",
        "hours": [
            (0, "08:00", "17:00"),
            (1, "08:00", "12:00"),
            (1, "13:00", "19:00"),
            (2, "08:00", "17:00"),
            (3, "08:00", "17:00"),
            (4, "08:00", "15:00"),
            (5, "09:00", "13:00"),
        ],
        "special_hours": [
            # (date, label, opens, closes); no times: closed all day.
            ("2026-12-24", "Christmas Eve", "08:00", "12:00"),
            ("2026-12-25", "Christmas Day", None, None),
            ("2026-12-26", "Boxing Day", None, None),
        ],
        "editor": "calgary-editor",
        "practitioners": ["Dr. Amira Haddad", "Dr. Liam Kowalczyk", "Priya Natarajan"],
        "treatments": [
            {
                "master": "therapeutic-botox",
                "introduction": "<p>At our Beltline clinic, Dr. Amira Haddad gives therapeutic "
                "Botox treatments on Tuesdays and Thursdays.</p>",
                "price_from": "350.00",
                "price_to": None,
                "price_note": "per treatment area, follow-up check included",
                "coverage_notes": "<p>For jaw clenching, grinding or headaches, we send your "
                "insurer a predetermination first, so you know what your plan pays before "
                "you book. Cosmetic treatment is not covered by insurance.</p>"
                "<ul><li>We bill most major Canadian insurers directly.</li></ul>",
                "practitioners": ["Dr. Amira Haddad"],
            },
            {
                "master": "night-guards",
                "price_from": "450.00",
                "price_to": "750.00",
                "price_note": "examination, scan and fitting included",
                "practitioners": ["Dr. Amira Haddad", "Dr. Liam Kowalczyk", "Priya Natarajan"],
            },
            {
                "master": "sleep-apnea-appliances",
                "introduction": "<p>Dr. Liam Kowalczyk coordinates each appliance with your "
                "physician and sleep clinic.</p>",
                "price_from": "1800.00",
                "price_to": "2600.00",
                "price_note": "adjustment visits in the first year included",
                "practitioners": ["Dr. Liam Kowalczyk"],
            },
        ],
    },
    {
        "slug": "edmonton",
        "title": "Edmonton Old Strathcona Clinic",
        "hostname": "edmonton.localhost",
        "search_description": "Dental care, night guards and therapeutic Botox on Whyte "
        "Avenue in Edmonton's Old Strathcona.",
        "introduction": "<p>Find us on Whyte Avenue in Old Strathcona. Appointments are "
        "available in English and French.</p>",
        "street_address": "10441 82 Ave NW, Suite 204",
        "city": "Edmonton",
        "province": "AB",
        "postal_code": "T6E 2A2",
        "phone": "+17805550167",
        "email": "edmonton@clinics.example.com",
        "booking_url": "https://booking.example.com/clinic-cms/edmonton",
        "latitude": "53.518210",
        "longitude": "-113.498860",
        "time_zone": "America/Edmonton",
        "hours": [
            (0, "08:30", "17:00"),
            (1, "08:30", "17:00"),
            (2, "08:30", "12:00"),
            (2, "13:00", "18:30"),
            (3, "08:30", "17:00"),
            (4, "08:30", "14:00"),
            (5, "09:00", "12:00"),
        ],
        "special_hours": [
            ("2026-12-24", "Christmas Eve", "08:30", "12:00"),
            ("2026-12-25", "Christmas Day", None, None),
        ],
        "editor": "edmonton-editor",
        "practitioners": ["Dr. Marc-André Tremblay", "Dr. Grace Okafor"],
        "treatments": [
            {
                "master": "therapeutic-botox",
                "local_summary": "Botulinum toxin, best known by the brand name Botox, is "
                "injected in small amounts to relax muscles that work too hard. At our Old "
                "Strathcona clinic we use it mainly for jaw clenching, teeth grinding and "
                "headaches linked to muscle tension.",
                "price_from": "375.00",
                "price_to": None,
                "price_note": "per treatment area",
                "practitioners": ["Dr. Grace Okafor", "Dr. Marc-André Tremblay"],
            },
            {
                "master": "night-guards",
                "price_from": "480.00",
                "price_to": "720.00",
                "price_note": "examination, impressions and fitting included",
                "practitioners": ["Dr. Marc-André Tremblay"],
            },
        ],
    },
    {
        "slug": "red-deer",
        "title": "Red Deer Downtown Clinic",
        "hostname": "reddeer.localhost",
        "search_description": "Dental care, night guards and therapeutic Botox on Ross Street "
        "in downtown Red Deer.",
        "introduction": "<p>Our downtown clinic is on Ross Street, with free parking behind "
        "the building.</p>",
        "street_address": "4922 Ross St, Unit 105",
        "city": "Red Deer",
        "province": "AB",
        "postal_code": "T4N 1X6",
        "phone": "+15875550119",
        "email": "reddeer@clinics.example.com",
        "booking_url": "",
        "latitude": "52.268120",
        "longitude": "-113.812640",
        "time_zone": "America/Edmonton",
        "hours": [
            (0, "08:00", "16:30"),
            (1, "08:00", "16:30"),
            (2, "08:00", "16:30"),
            (3, "08:00", "16:30"),
            (4, "08:00", "12:00"),
            (4, "13:00", "16:00"),
            (5, "09:00", "12:00"),
        ],
        "special_hours": [("2026-12-25", "Christmas Day", None, None)],
        "editor": "reddeer-editor",
        "practitioners": ["Dr. Sofia Lindqvist", "Dr. Amira Haddad"],
        "treatments": [
            {
                "master": "therapeutic-botox",
                "introduction": "<p>Dr. Amira Haddad from our Calgary clinic sees Botox "
                "patients here on the first and third Friday of each month.</p>",
                "price_from": "340.00",
                "price_to": None,
                "price_note": "per treatment area",
                "coverage_notes": "<p>Bookings are by phone. Ask us for a written estimate to "
                "send to your insurer before your appointment.</p>",
                "practitioners": ["Dr. Amira Haddad"],
            },
            {
                "master": "night-guards",
                "price_from": "420.00",
                "price_to": "690.00",
                "price_note": "examination, scan and fitting included",
                "practitioners": ["Dr. Sofia Lindqvist"],
            },
        ],
    },
]
