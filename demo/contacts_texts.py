"""Invented names and Dutch texts for the contacts demo data: residents'
names per language background, conversation notes, follow-ups, signals,
referrals, incoming reports and organisations. Nobody and nothing here is
real; notes hold no special-category data (no health, religion, origin).

Residents' names are random combinations of common first names and
surnames (or, for Dutch names, the invented surnames of
``demo.neighbourhood_names``), so no combination points at a real person."""

from demo.neighbourhood_names import FIRST_NAMES

# A household's background sets the names it draws from and the languages
# its members speak: (weight, first names, surnames or None for invented
# Dutch ones, [(weight, languages), ...]).
BACKGROUNDS = {
    "nl": (
        60,
        [
            *(name for name in FIRST_NAMES if name not in {"Fatima", "Yasmina", "Ayşe",
              "Youssef", "Nadia", "Naima", "Mehmet", "Priya", "Hamid"}),
            "Jan", "Kees", "Truus", "Gerda", "Wim", "Annie", "Joke", "Ria", "Cor", "Bep",
            "Tineke", "Ans", "Hans", "Jolanda", "Marco", "Sandra", "Monique", "Dennis",
            "Linda", "Kevin", "Emma", "Julia", "Lucas", "Finn", "Tess", "Levi", "Mila",
            "Noah", "Zoë", "Gerrit", "Riet", "Sjaak", "Corrie", "Dirk", "Greet",
        ],
        None,
        [(82, ["nld"]), (10, ["nld", "eng"]), (3, ["nld", "fry"]), (3, ["nld", "deu"]),
         (2, ["nld", "fra"])],
    ),
    "ma": (
        9,
        [
            "Fatima", "Mohamed", "Youssef", "Naima", "Khadija", "Said", "Yasmina", "Hamid",
            "Samira", "Bilal", "Ilham", "Rachid", "Zakaria", "Soufiane", "Houda", "Nora",
            "Hanane", "Karim",
        ],
        [
            "El Amrani", "Bouzid", "El Idrissi", "Benali", "Ouali", "Tahiri", "Azzouzi",
            "Haddouchi", "Chakir", "Zaoui", "El Hamdaoui", "Ait Taleb", "Amrani", "Belhaj",
        ],
        [(40, ["nld", "ary"]), (20, ["nld"]), (15, ["ary"]), (10, ["nld", "ary", "tzm"]),
         (10, ["rif", "ary"]), (5, ["nld", "ary", "ara"])],
    ),
    "tr": (
        8,
        [
            "Ayşe", "Mehmet", "Emine", "Mustafa", "Fatma", "Ahmet", "Elif", "Emre", "Zeynep",
            "Hakan", "Selin", "Burak", "Hatice", "Yusuf", "Esra", "Serkan",
        ],
        [
            # Turkish spelling, dotless i included: a test for the accent-insensitive search.
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk",  # noqa: RUF001
            "Aydın", "Arslan", "Doğan", "Koç", "Kılıç", "Aslan", "Çetin",  # noqa: RUF001
            "Özdemir",
        ],
        [(60, ["nld", "tur"]), (20, ["tur"]), (20, ["nld"])],
    ),
    "pl": (
        5,
        [
            "Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Krzysztof", "Anna",
            "Paweł", "Joanna", "Łukasz", "Marta", "Michał",
        ],
        [
            "Nowak", "Wójcik", "Mazur", "Krawczyk", "Zając", "Król", "Wieczorek", "Pawlak",
            "Walczak", "Sikora", "Baran", "Szewczyk", "Michalak",
        ],
        [(40, ["pol"]), (35, ["pol", "eng"]), (25, ["pol", "nld"])],
    ),
    "uk": (
        4,
        [
            "Olena", "Oleksandr", "Iryna", "Andrii", "Nataliia", "Dmytro", "Tetiana",
            "Serhii", "Yuliia", "Maksym", "Oksana", "Vasyl",
        ],
        [
            "Kovalenko", "Bondarenko", "Tkachenko", "Shevchenko", "Kravchenko", "Melnyk",
            "Boiko", "Moroz", "Lysenko", "Marchenko",
        ],
        [(40, ["ukr", "rus"]), (30, ["ukr", "eng"]), (30, ["ukr"])],
    ),
    "sy": (
        4,
        [
            "Rania", "Ahmad", "Lina", "Khaled", "Hiba", "Omar", "Reem", "Tarek", "Dima",
            "Yaman", "Nour", "Basel",
        ],
        [
            "Haddad", "Khoury", "Al Ali", "Darwish", "Hamdan", "Najjar", "Sabbagh", "Kassab",
            "Halabi", "Masri",
        ],
        [(40, ["apc", "ara"]), (40, ["apc", "ara", "nld"]), (20, ["apc", "eng"])],
    ),
    "en": (
        3,
        [
            "Emily", "James", "Sarah", "Michael", "Rachel", "David", "Laura", "Tom", "Hannah",
            "Chris",
        ],
        ["Smith", "Taylor", "Walker", "Hughes", "Wright", "Evans", "Turner", "Parker",
         "Morgan", "Bennett"],
        [(60, ["eng"]), (40, ["eng", "nld"])],
    ),
    "so": (
        2,
        [
            "Ahmed", "Hodan", "Abdi", "Mohamed", "Asha", "Hassan", "Sahra", "Ilhan", "Farah",
            "Nimco", "Omar",
        ],
        ["Warsame", "Abdi", "Farah", "Hassan", "Mohamud", "Osman", "Jama", "Ali", "Yusuf",
         "Nur"],
        [(50, ["som", "nld"]), (30, ["som", "eng"]), (20, ["som"])],
    ),
    "ro": (
        2,
        ["Andreea", "Ionuț", "Elena", "Mihai", "Ioana", "Adrian", "Cristina", "Florin"],
        ["Popescu", "Ionescu", "Stan", "Dumitru", "Marin", "Radu", "Stoica"],
        [(60, ["ron"]), (40, ["ron", "eng"])],
    ),
    "pt": (
        2,
        ["João", "Ana", "Tiago", "Inês", "Rui", "Sofia", "Pedro", "Beatriz"],
        ["Silva", "Santos", "Ferreira", "Pereira", "Costa", "Oliveira", "Rodrigues"],
        [(50, ["por"]), (30, ["por", "eng"]), (20, ["por", "nld"])],
    ),
    "sr": (
        4,
        ["Ravi", "Shanti", "Marlon", "Sharon", "Rajesh", "Jennifer", "Dewi", "Glenn",
         "Anita", "Romano"],
        ["Ramdin", "Sewnarain", "Doelwijt", "Pinas", "Sabajo", "Kartosen", "Redjosentono",
         "Nooitmeer", "Biharie", "Eersel"],
        [(45, ["nld", "srn"]), (25, ["nld"]), (20, ["nld", "hns"]), (10, ["nld", "srn", "eng"])],
    ),
    "cw": (
        2,
        ["Giselle", "Jurich", "Shurendy", "Naomi", "Rignald", "Kimberly", "Jeandro", "Zuleica"],
        ["Martina", "Cijntje", "Isenia", "Maduro", "Statia", "Rosaria", "Winklaar", "Koeiman"],
        [(50, ["pap", "nld"]), (30, ["pap", "nld", "eng"]), (20, ["pap", "spa"])],
    ),
    "er": (
        1,
        ["Yonas", "Senait", "Tesfay", "Helen", "Filmon", "Saba", "Biniam", "Ruth"],
        ["Tesfamariam", "Ghebremedhin", "Kidane", "Habte", "Woldu", "Berhane", "Tekle"],
        [(60, ["tir"]), (30, ["tir", "eng"]), (10, ["tir", "amh"])],
    ),
}  # fmt: skip

# One per neighbourhood, in turn; mentioned in notes.
CENTRES = [
    "buurthuis De Linde", "buurtcentrum 't Trefpunt", "wijkcentrum De Schakel",
    "buurthuis De Boog", "De Huiskamer van de buurt", "buurtcentrum De Ontmoeting",
    "wijkgebouw Het Anker", "buurthuis De Brug",
]  # fmt: skip

# (themes, note) for a first talk at the door, after a door knock. Theme
# names are the Dutch names of contacts/migrations/0002_themes.py.
DOORSTEP_NOTES = [
    (
        ["Kennismaken"],
        "Kort kennisgemaakt aan de deur. Woont hier een paar jaar en kent de buren nog weinig.",
    ),
    (
        ["Kennismaken", "Buurt en woonomgeving"],
        "Aan de deur gesproken. Vindt de straat rustig, mist wel een bankje bij het speelveldje.",
    ),
    (
        ["Kennismaken", "Meedoen en activiteiten"],
        "Kennisgemaakt. Wist niet dat er een buurthuis is; folder van {centre} gegeven.",
    ),
    (
        ["Kennismaken", "Zwerfvuil en overlast"],
        "Ergert zich aan de volle containers op de hoek. Wil best meedoen aan een opruimactie.",
    ),
    (
        ["Kennismaken", "Vrijwilligerswerk"],
        "Kennisgemaakt. Heeft tijd over en wil iets voor de buurt doen, bijvoorbeeld klussen.",
    ),
    (
        ["Kennismaken", "Kinderen en opvoeden"],
        "Twee jonge kinderen; zoekt andere ouders in de buurt om samen naar de speeltuin te gaan.",
    ),
    (
        ["Kennismaken", "Taal"],
        "Gesprek deels in het Engels. Heeft interesse in het taalcafé in {centre}.",
    ),
    (
        ["Kennismaken"],
        "Had weinig tijd, vond het leuk dat we langskwamen. We mogen terugkomen voor koffie.",
    ),
    (
        ["Kennismaken", "Wonen"],
        "Net verhuisd naar deze straat. Wil graag weten wat er in de buurt te doen is.",
    ),
    (
        ["Kennismaken", "Contact met buren"],
        "Kent veel mensen in de straat en houdt een oogje in het zeil. Wil helpen buren te "
        "bereiken.",
    ),
]

# (themes, note) for other conversations; {first} is the resident's first name.
NOTES = [
    (
        ["Contact met buren", "Meedoen en activiteiten"],
        "Koffie gedronken bij {first} thuis. Zou graag vaker met buren eten; idee voor een "
        "straatdiner.",
    ),
    (
        ["Meedoen en activiteiten"],
        "{first} was bij de buurtmaaltijd in {centre}. Vond het gezellig, komt volgende keer "
        "met de buurvrouw.",
    ),
    (
        ["Vrijwilligerswerk"],
        "Wil vrijwilligerswerk doen, het liefst buiten. Gesproken over helpen bij de "
        "buurtmoestuin.",
    ),
    (
        ["Vrijwilligerswerk", "Werk en opleiding"],
        "Zoekt werkervaring in de administratie; kan misschien de ledenlijst van de "
        "speeltuinvereniging bijhouden.",
    ),
    (
        ["Werk en opleiding"],
        "Zoekt werk in de techniek. Tips gegeven over het werkcafé in {centre}.",
    ),
    (
        ["Geldzaken"],
        "Vroeg hoe je de energietoeslag aanvraagt. Samen de website bekeken en de stappen "
        "opgeschreven.",
    ),
    (
        ["Geldzaken"],
        "Heeft veel post liggen die nog open moet. Afgesproken om volgende week samen te "
        "sorteren.",
    ),
    (
        ["Wonen"],
        "Schimmel in de badkamer, al eens gemeld bij de verhuurder. Besproken hoe je dat "
        "opnieuw meldt.",
    ),
    (
        ["Wonen", "Buurt en woonomgeving"],
        "Wil kleiner wonen maar niet weg uit de buurt. Gewezen op het spreekuur over woningruil.",
    ),
    (
        ["Kinderen en opvoeden"],
        "Gesprek over de overstap van de kinderen naar de middelbare school. Wil andere ouders "
        "ontmoeten.",
    ),
    (
        ["Kinderen en opvoeden", "Meedoen en activiteiten"],
        "Vroeg naar huiswerkbegeleiding; gewezen op de huiswerkklas in {centre} op dinsdag.",
    ),
    (
        ["Taal"],
        "{first} oefent Nederlands met een app en wil graag een taalmaatje. Aangemeld voor het "
        "taalcafé.",
    ),
    (
        ["Taal", "Vrijwilligerswerk"],
        "Spreekt twee talen en wil helpen vertalen bij het buurtspreekuur.",
    ),
    (
        ["Veiligheid"],
        "Maakt zich zorgen over hard rijden in de straat. Idee: met de buren een drempel "
        "aanvragen.",
    ),
    (
        ["Veiligheid", "Buurt en woonomgeving"],
        "De lantaarnpaal bij het pad is kapot; samen gemeld bij de gemeente.",
    ),
    (
        ["Zwerfvuil en overlast"],
        "Ergernis over grofvuil naast de containers. Wil met buren een opruimmiddag organiseren.",
    ),
    (
        ["Zwerfvuil en overlast", "Contact met buren"],
        "Geluid van de bovenburen besproken. Wil eerst zelf praten; aangeboden om erbij te zijn.",
    ),
    (
        ["Buurt en woonomgeving"],
        "Wil het grasveld achter de flat opfleuren met bloembakken. Gaat de buren vragen wie "
        "meedoet.",
    ),
    (
        ["Meedoen en activiteiten", "Contact met buren"],
        "Organiseert al jaren de straatbarbecue. Wil dit jaar ook de nieuwe bewoners uitnodigen.",
    ),
    (
        ["Contact met buren"],
        "Ziet de buren weinig sinds de kinderen het huis uit zijn. Zou graag af en toe samen "
        "koffie drinken.",
    ),
    (
        ["Meedoen en activiteiten"],
        "Loopt sinds kort mee met het wandelclubje van {centre}, elke donderdagochtend.",
    ),
    (
        ["Vrijwilligerswerk", "Contact met buren"],
        "{first} doet boodschappen voor de buurman en vindt het fijn iets voor een ander te doen.",
    ),
    (
        ["Werk en opleiding", "Taal"],
        "Volgt een cursus Nederlands en wil daarna een mbo-opleiding. Besproken waar je kunt "
        "oriënteren.",
    ),
    (
        ["Geldzaken", "Wonen"],
        "Vragen over de huurverhoging. Samen de brief van de corporatie doorgenomen.",
    ),
    (
        ["Meedoen en activiteiten", "Kinderen en opvoeden"],
        "Wil een voetbaltoernooi voor de kinderen uit de straat organiseren; zoekt een veldje.",
    ),
    (
        ["Contact met buren"],
        "Tweede gesprek. De buurvrouw handwerkt ook graag; misschien samen een handwerkclub in "
        "{centre}?",
    ),
    (
        ["Buurt en woonomgeving", "Zwerfvuil en overlast"],
        "Vindt dat de speeltuin er verwaarloosd uitziet. Gevraagd of de gemeente de zandbak "
        "ververst.",
    ),
    (
        ["Meedoen en activiteiten", "Vrijwilligerswerk"],
        "Kookt graag en wil een keer meekoken bij de buurtmaaltijd in {centre}.",
    ),
]

FOLLOW_UPS = [
    "Terugbellen over de buurtmaaltijd",
    "Nagaan of de aanvraag gelukt is",
    "Samen de post sorteren",
    "Informatie over het taalcafé langsbrengen",
    "Voorstellen aan de organisator van de opruimactie",
    "Vragen hoe het gaat met het vrijwilligerswerk",
    "Informatie over huiswerkbegeleiding brengen",
    "Koffie drinken en verder praten",
    "Nagaan of de melding bij de gemeente is opgepakt",
    "Contact leggen met de buurtmoestuin",
    "Uitnodiging voor de straatbarbecue rondbrengen",
    "Bellen of de brief van de corporatie duidelijk is",
]
KNOCK_FOLLOW_UPS = [
    "Opnieuw aanbellen: vroeg om later terug te komen",
    "Opnieuw aanbellen, liefst 's avonds",
    "Op zaterdag opnieuw proberen",
]
REPORT_FOLLOW_UPS = [
    "Langsgaan naar aanleiding van de melding",
    "Melding bespreken met de bewoners",
    "Terugkoppelen aan de melder",
]

ROUND_NOTES = [
    "", "", "", "Samen met de taalcoach", "Na schooltijd: ouders bereiken",
    "Flyers voor de buurtmaaltijd meenemen", "Extra aandacht voor nieuwe bewoners",
    "Vorige keer weinig mensen thuis; nu later op de dag",
]  # fmt: skip

SIGNAL_REASONS = [
    "Heeft al maanden betalingsachterstanden en weet niet waar te beginnen. Wil graag dat het "
    "wijkteam contact opneemt.",
    "Gezin woont met vijf personen in een tweekamerwoning en zoekt hulp bij het vinden van een "
    "grotere woning.",
    "Krijgt de administratie niet meer rond sinds de partner vertrokken is; vraagt om "
    "ondersteuning.",
    "Jongeren hangen 's avonds op de galerij en bewoner voelt zich daar niet prettig bij; wil "
    "dat het wijkteam meedenkt.",
]

# Organisations on the sociale kaart: (key, name with {m} for the
# municipality or None for one working everywhere, what they do). The key
# picks the referral reasons below and the made-up domain name.
ORGANISATIONS = [
    (
        "wijkteam",
        "Wijkteam {m}",
        "Ondersteuning voor bewoners en gezinnen die er zelf niet uitkomen.",
    ),
    (
        "schuldhulp",
        "Stichting Schuldhulp {m}",
        "Hulp bij geldzorgen, schulden en de administratie.",
    ),
    (
        "taalhuis",
        "Taalhuis {m}",
        "Nederlands leren, taalmaatjes en het taalcafé.",
    ),
    (
        "vrijwilligers",
        "Vrijwilligerscentrale {m}",
        "Vrijwilligerswerk zoeken en vinden.",
    ),
    (
        "raadslieden",
        "Sociaal Raadslieden {m}",
        "Gratis advies over toeslagen, brieven en regelingen.",
    ),
    (
        "corporatie",
        "Woningcorporatie Thuis in de Buurt",
        "Verhuurder van sociale huurwoningen in de regio.",
    ),
]
REFERRAL_REASONS = {
    "wijkteam": (
        "Heeft meer ondersteuning nodig dan wij kunnen bieden; warme overdracht afgesproken."
    ),
    "schuldhulp": ("Wil hulp bij het op orde brengen van de financiën; samen aangemeld."),
    "taalhuis": ("Wil Nederlands leren; aangemeld voor een intake."),
    "vrijwilligers": (
        "Zoekt vrijwilligerswerk; doorverwezen voor een gesprek over de mogelijkheden."
    ),
    "raadslieden": (
        "Vragen over toeslagen en een brief van de Belastingdienst; doorverwezen naar het "
        "spreekuur."
    ),
    "corporatie": (
        "Onderhoudsprobleem in de woning, al twee keer gemeld zonder reactie; namens de bewoner"
        " doorgegeven."
    ),
}

# Incoming reports: (source, reporter with {m} for the municipality, what is reported).
REPORTS = [
    (
        "housing",
        "Woningcorporatie Thuis in de Buurt",
        "Vuilniszakken en grofvuil in het trappenhuis; buren spreken elkaar er niet op aan.",
    ),
    (
        "housing",
        "Woningcorporatie Thuis in de Buurt",
        "Klachten van buren over een verwilderde tuin. Graag eens langsgaan.",
    ),
    (
        "housing",
        "Woningcorporatie Thuis in de Buurt",
        "Nieuwe huurders sinds vorige maand; graag kennismaken en wegwijs maken in de buurt.",
    ),
    (
        "municipality",
        "Gemeente {m}, team Openbare Ruimte",
        "Meerdere meldingen over zwerfvuil rond de containers in deze straat.",
    ),
    (
        "municipality",
        "Gemeente {m}, team Wonen",
        "Bewoners vragen om een bankje en meer groen op het pleintje; graag ophalen wat de "
        "buurt wil.",
    ),
    (
        "neighbour",
        "",
        "Buurvrouw maakt zich zorgen: de bewoner is al een tijd niet buiten gezien en de "
        "brievenbus puilt uit.",
    ),
    (
        "neighbour",
        "",
        "Geluidsoverlast in de avond; buren willen graag een gesprek met hulp van een "
        "buurtwerker.",
    ),
    (
        "other",
        "Wijkagent",
        "Jongeren hangen 's avonds bij het speelveld; graag in gesprek met ouders en jongeren.",
    ),
    (
        "other",
        "Basisschool De Lindeboom",
        "Ouders zoeken een plek om na schooltijd samen te komen.",
    ),
]
