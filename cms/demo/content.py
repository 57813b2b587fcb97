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

# --- French (Canada) ------------------------------------------------------------
# Translations of the English content above, made as an editor makes them:
# Translate (a copy keeping the source's translation key), then French text.
# Only wording is given here; the facts that must not drift between languages
# (timing ranges, risk frequencies and "serious" flags, prices, hours, review
# dates, images) are taken from the English content by the loader.
#
# The Botox explainer, its risk list and reviewer, and the Calgary clinic with
# its Botox page are in French. The night guard and sleep appliance explainers,
# their risk list and the clinics' pages for them are deliberately left in
# English, so the demo also shows how an untranslated page falls back: marked
# "En anglais seulement" in French listings, and `meta.fallback: true` in the
# API. Edmonton and Red Deer have no French pages.
#
# A colon follows a no-break space (\u00a0), as French typography wants, so
# that it never starts a line.

FRENCH_LOCALE = "fr-ca"

FRENCH = {
    "reviewers": {
        "Dr. Priya Raman": {
            "name": "Dre Priya Raman",
            "credentials": "D.M.D., M.Sc.",
            "regulator": "Collège des chirurgiens-dentistes de l'Alberta",
        },
    },
    "risk_lists": {
        "Botulinum toxin injections": {
            "name": "Injections de toxine botulinique",
            "introduction": "Quand le traitement est donné pour une raison médicale, les effets "
            "secondaires sont rares et disparaissent habituellement d'eux-mêmes. Ceux qui peuvent "
            "survenir dépendent de l'endroit où le produit est injecté.",
            # In the order of the English items, whose frequency, "serious" flag
            # and "what to do" they keep.
            "items": [
                {
                    "name": "Faiblesse des muscles voisins",
                    "description": "Le médicament peut gagner un muscle situé à côté de celui "
                    "qu'on traite et le détendre aussi\u00a0: mastiquer ou faire certaines "
                    "expressions peut alors demander plus d'effort que d'habitude.",
                    "typical_duration": "quelques semaines",
                },
                {
                    "name": "Paupière tombante",
                    "description": "Après des injections près du front ou des yeux, une "
                    "paupière supérieure peut descendre un peu plus bas que la normale.",
                    "typical_duration": "de 2 à 6 semaines",
                },
                {
                    "name": "Visage moins symétrique",
                    "description": "Un côté du visage ou du sourire peut paraître légèrement "
                    "différent de l'autre le temps que le médicament fasse son effet.",
                    "typical_duration": "quelques semaines",
                },
                {
                    "name": "Petit bleu au point d'injection",
                    "description": "Un petit bleu ou un point sensible là où l'aiguille est "
                    "entrée. Une compresse froide dans les premières heures peut aider.",
                    "typical_duration": "de quelques jours à une semaine",
                },
                {
                    "name": "Douleur à la bouche ou à la mâchoire",
                    "description": "La mâchoire ou la bouche peut être endolorie ou fatiguée, "
                    "surtout après un traitement des muscles masticateurs.",
                    "typical_duration": "quelques jours",
                },
            ],
        },
    },
    "library": {
        "title": "Traitements",
        "search_description": "Des explications claires sur les traitements offerts dans nos "
        "cliniques.",
        "introduction": "<p>Des explications en langage clair sur les traitements offerts dans "
        "nos cliniques. Le site de chaque clinique y ajoute ses prix, ses praticiens et la façon "
        "de prendre rendez-vous.</p>",
    },
    "treatments": {
        "therapeutic-botox": {
            "title": "Botox thérapeutique",
            "slug": "botox-therapeutique",
            "search_description": "Comment les injections de toxine botulinique peuvent aider en "
            "cas de serrement des mâchoires, de maux de tête, de douleurs musculaires ou de "
            "transpiration abondante, à quoi s'attendre et combien il faut prévoir.",
            "summary": "La toxine botulinique, surtout connue sous la marque Botox, est un "
            "médicament d'ordonnance qu'on injecte en petite quantité pour calmer des muscles, "
            "des nerfs ou des glandes sudoripares trop actifs. Nos dentistes s'en servent "
            "notamment pour le serrement des mâchoires, les maux de tête et les douleurs "
            "musculaires, et pour atténuer certaines rides du visage.",
            # In the order of the English uses, whose categories they keep.
            "uses": [
                "Rides du front",
                "Rides du lion, entre les sourcils",
                "Pattes d'oie au coin des yeux",
                "Rides du sourire",
                "Maux de tête et migraines",
                "Douleurs au cou",
                "Grincement des dents (bruxisme)",
                "Serrement des mâchoires",
                "Points gâchettes musculaires douloureux",
                "Douleurs au dos et aux épaules",
                "Spasmes musculaires",
                "Transpiration excessive (hyperhidrose)",
            ],
            "how_it_works": (
                "<p>Le médicament n'agit qu'à l'endroit où il est injecté. Il freine les "
                "signaux qui commandent à un muscle, à un nerf ou à une glande de "
                "travailler\u00a0: pendant quelques mois, la zone traitée devient donc moins "
                "active.</p>"
                "<ul>"
                "<li><b>Muscles\u00a0:</b> un muscle tendu ou en spasme peut se relâcher, ce "
                "qui diminue la tension et la douleur qui l'accompagne.</li>"
                "<li><b>Nerfs\u00a0:</b> moins de signaux de douleur sont transmis, ce qui "
                "explique que le traitement puisse aider certaines personnes qui vivent avec la "
                "migraine chronique.</li>"
                "<li><b>Glandes sudoripares\u00a0:</b> la peau traitée transpire moins, d'où son "
                "usage contre la transpiration excessive d'une région précise, comme les "
                "aisselles. Ailleurs, vous transpirez comme avant, et votre corps règle sa "
                "température aussi bien qu'avant.</li>"
                "</ul>"
                "<p>L'injection est la même, que le but soit médical ou esthétique. Ce qui change, "
                "c'est l'endroit où elle est faite et la dose utilisée.</p>"
            ),
            "cost_and_coverage": (
                "<p>Le coût dépend du nombre de zones traitées et de la quantité de médicament "
                "dont chacune a besoin. La page de votre clinique indique ses propres prix.</p>"
                "<ul>"
                "<li>Quand le traitement répond à un problème de santé, comme le serrement des "
                "mâchoires ou les migraines, les assurances santé ou dentaires privées en "
                "remboursent souvent une partie. Vérifiez votre régime, ou demandez-nous "
                "d'envoyer d'abord une estimation à votre assureur.</li>"
                "<li>Un traitement qui vise seulement à modifier l'apparence n'est "
                "habituellement pas couvert.</li>"
                "</ul>"
                "<p>Tout commence par un examen approfondi\u00a0: nous nous assurons ainsi que le "
                "traitement répond à vos besoins et convient à votre budget avant de fixer quoi "
                "que ce soit.</p>"
            ),
            "body": [
                section(
                    "À qui ce traitement peut-il convenir?",
                    "<p>On y pense surtout quand les symptômes viennent de muscles qui "
                    "travaillent trop\u00a0: par exemple, si vous vous réveillez la mâchoire "
                    "endolorie à force de serrer les dents, ou si vous avez souvent des maux de "
                    "tête liés à "
                    "la tension musculaire. On le propose habituellement quand des mesures plus "
                    "simples, comme une plaque occlusale, la physiothérapie ou de nouvelles "
                    "habitudes au quotidien, n'ont pas suffi.</p>"
                    "<p>Il ne convient pas à tout le monde. Dites-nous si vous êtes enceinte ou "
                    "si vous allaitez, si vous avez une maladie des nerfs ou des muscles comme la "
                    "myasthénie grave, ou si vous prenez des médicaments qui agissent sur les "
                    "muscles ou sur la coagulation.</p>",
                ),
                bullet_list(
                    "Comment se passe le rendez-vous",
                    [
                        "Nous examinons la région, passons en revue vos symptômes et vos "
                        "antécédents médicaux, et vous présentons les options, y compris celle "
                        "de ne rien faire.",
                        "Si vous choisissez d'aller de l'avant, nous convenons avec vous des "
                        "zones à traiter et du coût avant de commencer.",
                        "Le ou la dentiste nettoie la peau et fait quelques petites injections "
                        "avec une aiguille très fine. Cela prend habituellement de 10 à 20 "
                        "minutes.",
                        "La plupart des gens reprennent leur journée normalement tout de suite "
                        "après.",
                        "Environ deux semaines plus tard, nous vérifions l'effet obtenu.",
                    ],
                    style="numbered",
                ),
                callout(
                    "important",
                    "Après vos injections",
                    "<p>Jusqu'à la fin de la journée, évitez de frotter la zone traitée et de "
                    "faire de l'exercice intense. Si vous avez de la difficulté à avaler, à "
                    "parler ou à respirer, <b>obtenez des soins médicaux d'urgence</b>.</p>",
                ),
                faq(
                    "Questions fréquentes",
                    [
                        (
                            "Le Botox thérapeutique est-il un autre médicament que le Botox "
                            "esthétique?",
                            "<p>Non. C'est le même médicament dans les deux cas; ce qui change, "
                            "c'est l'endroit où il est injecté et le résultat recherché.</p>",
                        ),
                        (
                            "Est-ce que ça fait mal?",
                            "<p>La plupart des gens sentent une brève piqûre ou un pincement à "
                            "chaque injection. Une compresse froide appliquée avant peut rendre "
                            "le tout plus confortable.</p>",
                        ),
                        (
                            "À quelle fréquence faudra-t-il recommencer?",
                            "<p>L'effet s'estompe peu à peu, habituellement après trois à six "
                            "mois; on refait donc le traitement si vous souhaitez en garder le "
                            "bénéfice. Nous suivons la durée de l'effet chez vous et adaptons le "
                            "plan en conséquence.</p>",
                        ),
                        (
                            "Est-ce que mes expressions vont changer?",
                            "<p>Pour le serrement, on traite les muscles de la mastication, pas "
                            "ceux qui servent à sourire\u00a0: les expressions ne changent donc "
                            "habituellement pas. Un changement passager peut arriver à "
                            "l'occasion; voyez les risques plus bas.</p>",
                        ),
                    ],
                ),
            ],
            "cta_heading": "Le Botox pourrait-il vous aider?",
            "cta_text": "Appelez-nous ou prenez rendez-vous en ligne pour un examen. Nous "
            "verrons avec vous les options, le coût et un plan de traitement.",
        },
    },
    "clinics": {
        "calgary": {
            # A name without an article, since the site's French sentences put
            # it after "à" and "de" ("Botox thérapeutique à Calgary Beltline").
            "title": "Calgary Beltline",
            "search_description": "Soins dentaires, plaques occlusales et Botox thérapeutique "
            "sur la 17e Avenue S.-O., dans le quartier Beltline de Calgary.",
            "introduction": "<p>Notre clinique du Beltline est située sur la 17e Avenue S.-O., "
            "et on trouve du stationnement dans la rue tout près. Nous offrons des rendez-vous "
            "en soirée le mardi.</p>",
            # Labels of the English special days, in the same order.
            "special_hours": ["Veille de Noël", "Noël", "Lendemain de Noël"],
            # Local pages, by the slug of their English master explainer. Their
            # title and slug are those of the French explainer.
            "treatments": {
                "therapeutic-botox": {
                    "introduction": "<p>À notre clinique du Beltline, la Dre Amira Haddad "
                    "offre les traitements de Botox thérapeutique le mardi et le jeudi.</p>",
                    "price_note": "par zone traitée, visite de suivi comprise",
                    "coverage_notes": "<p>Pour le serrement des mâchoires, le grincement des "
                    "dents ou les maux de tête, nous envoyons d'abord une demande de "
                    "prédétermination à votre assureur\u00a0: vous savez ainsi ce que votre régime "
                    "paie avant de prendre rendez-vous. Les traitements esthétiques ne sont pas "
                    "couverts par les assurances.</p>"
                    "<ul><li>Nous facturons directement la plupart des grands assureurs "
                    "canadiens.</li></ul>",
                },
            },
        },
    },
}
