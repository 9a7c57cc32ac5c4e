"""The taxonomy of everyday neighbour help and interest, as shipped.

Each category has Dutch keywords and synonyms the way residents talk about
it. ``matches.categorise`` turns them into Dutch full-text queries in
PostgreSQL, so each word is stemmed there: list the surface forms people
say (the Dutch stemmer does not join "rijden" and "rijdt", nor "boodschap"
and "boodschappen", nor split compounds like "moestuin"), not stems. A
keyword of several words is a phrase ("hond uitlaten"). Stop words ("doen",
"iemand", "bij") are ignored, so they are left out. Keep words that mean
something else in everyday Dutch out of all but one category.

The admin edits these afterwards; reversing this migration deletes the
categories it ships (by slug), and refuses while talents or needs use them.
"""

from django.db import migrations

# slug, Dutch name, English name, gift, keywords
CATEGORIES = [
    (
        "tuin",
        "Tuin en groen",
        "Garden and green",
        "hands",
        [
            "tuin", "tuinen", "tuintje", "tuintjes", "voortuin", "achtertuin", "geveltuin",
            "moestuin", "moestuintje", "volkstuin", "buurttuin", "tuinieren", "tuiniert",
            "tuinier", "tuinman", "tuinwerk", "tuinonderhoud", "hovenier", "hoveniers",
            "hoveniersbedrijf", "groenvoorziening", "gras", "grasmaaien", "grasmaaier", "maaien",
            "maait", "gemaaid", "gazon", "heg", "heggen", "haag", "heg knippen", "snoeien",
            "snoeit", "gesnoeid", "onkruid", "wieden", "schoffelen", "harken", "bladblazer",
            "bladeren", "spitten", "planten", "plantjes", "kamerplanten", "bloemen", "bloemetjes",
            "bloembakken", "bloembak", "groente", "groenten", "kruiden", "zaaien", "oogsten",
            "boom", "bomen", "struiken", "struik", "compost", "composteren", "vijver", "groen",
            "vergroenen", "geraniums", "rozen", "balkonplanten", "water geven",
        ],
    ),
    (
        "boodschappen",
        "Boodschappen",
        "Errands and shopping",
        "hands",
        [
            "boodschappen", "boodschap", "boodschapje", "boodschapjes", "boodschappenlijstje",
            "boodschappentas", "supermarkt", "winkel", "winkels", "winkelen", "winkelt",
            "winkelcentrum", "markt", "weekmarkt", "apotheek", "medicijnen ophalen", "pakketje",
            "pakketjes", "pakket", "postpunt", "postkantoor", "inkopen", "Albert Heijn", "Jumbo",
            "Lidl", "Aldi", "Dirk", "Action", "voedselbank", "bestellen", "bezorgen", "bezorgt",
            "rondbrengen", "sjouwen boodschappen", "kratten", "krat", "tassen dragen",
        ],
    ),
    (
        "vervoer",
        "Vervoer en begeleiden",
        "Transport and going along",
        "hands",
        [
            "vervoer", "vervoeren", "rijden", "rijdt", "rij", "reed", "autorijden", "auto",
            "autootje", "rijbewijs", "chauffeur", "meerijden", "rijdt mee", "meenemen",
            "lift geven", "wegbrengen", "brengen en halen", "halen en brengen", "haalt en brengt",
            "brengt en haalt", "ophalen en wegbrengen", "taxi", "regiotaxi", "valys", "rolstoel",
            "rollator", "scootmobiel", "duofiets", "busje", "bus", "tram", "trein", "metro",
            "openbaar vervoer", "ov", "station", "ritje", "ritjes", "rit", "ritten", "huisarts",
            "dokter", "doktersafspraak", "ziekenhuis", "poli", "polikliniek", "tandarts", "fysio",
            "fysiotherapeut", "specialist", "centrum", "begeleiden", "begeleidt", "meegaan",
            "gaat mee", "meelopen", "slecht ter been", "mobiliteit", "kan slecht lopen",
        ],
    ),
    (
        "gezelschap",
        "Gezelschap en een praatje",
        "Company and a chat",
        "heart",
        [
            "eenzaam", "eenzaamheid", "alleen", "alleenstaand", "niemand", "aanspraak",
            "gezelschap", "gezellig", "gezelligheid", "koffie", "kopje koffie", "bakkie",
            "koffiedrinken", "koffie drinken", "thee", "theedrinken", "praatje", "praatjes",
            "praten", "praat", "kletsen", "kletst", "babbelen", "buurten", "bezoek", "bezoeken",
            "bezoekt", "op bezoek", "langsgaan", "langskomen", "komt langs", "maatje", "maatjes",
            "vriendschap", "vriendin", "vriend", "vrienden", "contact", "contacten",
            "sociale contacten", "mensen ontmoeten", "ontmoeten", "luisteren", "luistert",
            "luisterend oor", "verhalen", "gesprek", "gesprekken", "aandacht", "weduwe",
            "weduwnaar", "ouderen", "oudere", "bejaard", "spelletje", "spelletjes", "kaarten",
            "kaartspel", "sjoelen", "rummikub", "schaken", "dammen", "puzzelen", "verdriet",
            "rouw",
        ],
    ),
    (
        "klussen",
        "Klussen in en om het huis",
        "Odd jobs in and around the house",
        "hands",
        [
            "klus", "klussen", "klust", "klusje", "klusjes", "klusjesman", "klusser", "handig",
            "handige", "handyman", "doe-het-zelf", "repareren", "repareert", "reparatie",
            "reparaties", "fixen", "ophangen", "schilderen", "schildert", "verven", "behangen",
            "behang", "lamp", "lampen", "kast", "kasten", "meubels", "meubel", "in elkaar zetten",
            "IKEA", "boren", "boormachine", "boor", "gereedschap", "timmeren", "timmert",
            "timmerman", "hout", "houtbewerking", "loodgieter", "kraan", "lekkage", "lekt",
            "elektra", "elektricien", "stopcontact", "zekering", "rookmelder", "gordijnen",
            "rolgordijn", "vloer", "laminaat", "tegels", "tegels leggen", "bestrating",
            "schutting", "schuur", "dakgoot", "goot", "deur", "slot", "wasmachine",
            "fiets repareren", "band plakken", "lekke band", "fietsband", "fiets", "fietsenmaker",
            "verhuizen", "verhuizing", "verhuist", "sjouwen", "tillen", "zwaar werk", "opruimen",
            "ruimt op", "zolder", "schoonmaken", "poetsen", "ramen lappen", "ramen zemen",
            "stofzuigen", "huishouden", "huishoudelijk", "technisch", "monteur",
        ],
    ),
    (
        "computer",
        "Computer en telefoon",
        "Computer and phone",
        "head",
        [
            "computer", "computers", "pc", "laptop", "laptops", "tablet", "ipad", "telefoon",
            "telefoons", "mobieltje", "mobiel", "gsm", "smartphone", "iphone", "android",
            "whatsapp", "appen", "app", "apps", "mailen", "mail", "mails", "e-mail", "email",
            "internet", "internetten", "wifi", "online", "inloggen", "wachtwoord", "DigiD", "ICT",
            "IT", "digitaal", "digitale", "digibeet", "printer", "printen", "scannen",
            "videobellen", "beeldbellen", "facetime", "facebook", "sociale media", "website",
            "programmeren", "software", "installeren", "updates", "virus", "foto's op de computer",
            "computerles", "technologie", "televisie instellen", "tv instellen",
        ],
    ),
    (
        "taal",
        "Taal oefenen (Nederlands)",
        "Language practice (Dutch)",
        "head",
        [
            "taal", "talen", "taalles", "taallessen", "taalmaatje", "taalcafé", "taalcafe",
            "taalhuis", "Nederlands", "Nederlandse taal", "oefenen", "oefent", "juf", "meester",
            "les", "lessen", "lesgeven", "geeft les", "leraar", "lerares", "docent", "docente",
            "lezen", "leest", "schrijven", "schrijft", "spreken", "spreekt", "uitspraak",
            "woorden", "woordenschat", "grammatica", "spelling", "inburgering", "inburgeren",
            "inburgeringsexamen", "inburgeringscursus", "NT2", "taalexamen", "conversatie",
            "dictee", "vertalen", "vertaalt", "tolk", "tolken", "Engels", "Arabisch", "Turks",
            "Pools", "Frans", "Duits", "nieuwkomer", "nieuwkomers", "statushouder",
        ],
    ),
    (
        "papierwerk",
        "Papieren en formulieren",
        "Paperwork and forms",
        "head",
        [
            "papieren", "papierwerk", "papierwinkel", "formulier", "formulieren", "invullen",
            "brief", "brieven", "post", "administratie", "thuisadministratie", "ordenen", "ordner",
            "mappen", "belasting", "belastingen", "belastingaangifte", "aangifte",
            "belastingdienst", "toeslag", "toeslagen", "huurtoeslag", "zorgtoeslag",
            "kinderopvangtoeslag", "gemeente", "UWV", "SVB", "AOW", "pensioen", "uitkering",
            "bijstand", "schulden", "schuld", "geldzaken", "geld", "financiën", "financien",
            "budget", "budgetteren", "rekening", "rekeningen", "betalen", "betalingen", "bank",
            "bankzaken", "internetbankieren", "verzekering", "zorgverzekering", "contract",
            "huurcontract", "aanvraag", "aanvragen", "bezwaar", "bezwaarschrift", "instanties",
            "boete", "incasso", "deurwaarder", "formulierenbrigade", "regelzaken", "officiële",
            "ambtelijk", "boekhouding", "boekhouder", "jurist",
        ],
    ),
    (
        "koken",
        "Koken en samen eten",
        "Cooking and eating together",
        "hands",
        [
            "koken", "kookt", "kok", "kookles", "eten", "samen eten", "eet", "eet mee", "mee-eten",
            "maaltijd", "maaltijden", "buurtmaaltijd", "etentje", "diner", "dinner", "lunch",
            "lunchen", "ontbijt", "ontbijten", "recept", "recepten", "gerecht", "gerechten",
            "keuken", "bakken", "bakt", "taart", "taarten", "taartje", "cake", "koekjes", "brood",
            "soep", "pannenkoeken", "couscous", "hapjes", "warme maaltijd", "aanschuiven",
            "schuift aan", "thuisafgehaald", "eettafel", "kookclub", "kookgroep",
            "buurtrestaurant",
        ],
    ),
    (
        "bewegen",
        "Bewegen en wandelen",
        "Exercise and walking",
        "hands",
        [
            "bewegen", "beweegt", "beweging", "wandelen", "wandelt", "wandeling", "wandelingen",
            "wandelmaatje", "wandelclub", "ommetje", "loopt", "hardlopen", "joggen", "rennen",
            "sport", "sporten", "sport graag", "sportief", "sportschool", "fitness", "gym",
            "gymmen", "yoga", "pilates", "tai chi", "zwemmen", "zwemt", "fietsen", "fietst",
            "fietstocht", "voetbal", "voetballen", "voetbalt", "voetbaltoernooi", "basketbal",
            "tennis", "badminton", "volleybal", "dansen", "danst", "jeu de boules",
            "jeu-de-boules", "conditie", "gezond", "afvallen", "buiten zijn", "park", "bos",
            "natuur",
        ],
    ),
    (
        "kinderen",
        "Kinderen en huiswerk",
        "Children and homework",
        "head",
        [
            "kinderen", "kind", "kindje", "kids", "huiswerk", "huiswerkbegeleiding",
            "huiswerkhulp", "huiswerkklas", "bijles", "bijlessen", "school", "scholen",
            "basisschool", "middelbare school", "schoolwerk", "sommen", "wiskunde", "studie",
            "studeren", "oppassen", "oppas", "oppasoma", "oppasopa", "babysitten", "babysit",
            "opvoeding", "opvoeden", "jongeren", "tieners", "jeugd", "jeugdwerk", "peuter",
            "peuters", "kleuter", "kleuters", "baby", "speeltuin", "spelen", "speelt buiten",
            "voorlezen", "scouting", "schoolplein", "zwangerschap", "moeders", "vaders",
        ],
    ),
    (
        "huisdieren",
        "Huisdieren",
        "Pets",
        "heart",
        [
            "huisdier", "huisdieren", "dier", "dieren", "dierenvriend", "hond", "honden", "hondje",
            "hondjes", "puppy", "uitlaten", "hond uitlaten", "uitlaatservice", "kat", "katten",
            "kater", "poes", "poezen", "poesje", "kattenbak", "konijn", "konijnen", "cavia",
            "hamster", "vogel", "vogels", "parkiet", "kippen", "kip", "aquarium", "vissen voeren",
            "voeren", "dierenarts", "dierenoppas", "op de kat passen", "op de hond passen",
        ],
    ),
    (
        "creatief",
        "Creatief en muziek",
        "Crafts and music",
        "hands",
        [
            "creatief", "creatieve", "handwerk", "handwerken", "breien", "breit", "haken", "haakt",
            "naaien", "naait", "naaimachine", "verstellen", "kleding", "kleren", "borduren",
            "quilten", "knutselen", "knutselt", "tekenen", "tekent", "schets", "kunst",
            "kunstenaar", "kunstenares", "schilderijen", "schilderles", "aquarel", "boetseren",
            "pottenbakken", "keramiek", "mozaïek", "sieraden", "fotografie", "fotograferen",
            "fotos", "foto's", "muziek", "muziekles", "muzikaal", "muzikant", "instrument",
            "piano", "pianoles", "gitaar", "gitaarles", "viool", "drummen", "drums", "trompet",
            "accordeon", "keyboard", "zingen", "zingt", "zang", "zangeres", "koor", "band",
            "optreden", "toneel", "theater", "dichten", "gedichten", "hobby", "hobby's",
        ],
    ),
    (
        "organiseren",
        "Activiteiten organiseren",
        "Organising activities",
        "head",
        [
            "organiseren", "organiseert", "organisator", "organisatie", "opzetten", "activiteit",
            "activiteiten", "bijeenkomst", "bijeenkomsten", "evenement", "evenementen", "feest",
            "feestje", "buurtfeest", "straatfeest", "barbecue", "bbq", "buurthuis", "buurtcentrum",
            "wijkcentrum", "ontmoetingsplek", "koffieochtend", "inloop", "inloopochtend",
            "vrijwilliger", "vrijwilligers", "vrijwilligerswerk", "initiatief", "initiatieven",
            "bewonersgroep", "bewonerscommissie", "buurtcomité", "comité", "commissie",
            "vereniging", "bestuur", "voorzitter", "penningmeester", "vergadering", "vergaderen",
            "opruimactie", "schoonmaakactie", "zwerfafval", "prikken", "buurtpreventie",
            "toernooi", "toernooien", "uitje", "uitjes", "uitstapje", "excursie", "bingo",
            "spelmiddag", "vrouwengroep", "mannengroep", "club", "flyers", "flyeren",
            "rommelmarkt", "kleedjesmarkt", "buurtbarbecue", "kerstmarkt",
        ],
    ),
    # The fallback: never proposed from a text, chosen when nothing else fits.
    ("overig", "Overig", "Other", "heart", []),
]


def _category_model(apps):
    """The historical model here; today's registry (the demo and the tests
    load the shipped rows again) has it in contacts, where it moved in
    contacts 0003."""
    try:
        return apps.get_model("matches", "Category")
    except LookupError:
        return apps.get_model("contacts", "Category")


def add_categories(apps, schema_editor):
    Category = _category_model(apps)
    for index, (slug, name, name_en, gift, keywords) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "gift": gift,
                "keywords": keywords,
                "position": index * 10,
            },
        )


def remove_categories(apps, schema_editor):
    Category = _category_model(apps)
    Category.objects.filter(slug__in=[slug for slug, *_ in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("matches", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
