"""Invented names for the demo data: towns, districts, street themes and
people. None belongs to a real person."""

# (CBS code, name, first four postcode digits). Codes GM99xx are unused by CBS.
MUNICIPALITIES = [
    ("GM9901", "Lindenhoven", 6841),
    ("GM9902", "Ouderveen", 7141),
    ("GM9903", "Bergerwoude", 7441),
    ("GM9904", "Hazelmonde", 7741),
]
DISTRICTS = ["Centrum", "Zuid", "Noord", "Oost", "West"]

COMMON_STREETS = [
    "Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Hoofdstraat",
    "Marktstraat", "Kerkplein", "Nieuwstraat", "Achterstraat", "Torenstraat", "Brugstraat",
    "Raadhuisstraat", "Kerkpad", "Molenstraat", "Veldweg", "Julianastraat", "Wilhelminastraat",
    "Beatrixstraat", "Emmastraat", "Oranjestraat", "Nassaustraat", "Smidsstraat",
    "Bakkerstraat", "Gasthuisstraat", "Korte Kerkstraat", "Lange Nieuwstraat", "Voorstraat",
    "Zuiderstraat", "Noorderstraat", "Oosterstraat", "Westerstraat", "Sportlaan",
    "Parallelweg", "Spoorstraat", "Poststraat", "Tolweg", "Dijkstraat", "Weverstraat",
    "Brouwerstraat", "Pastoriestraat", "Kloosterstraat", "Havenstraat", "Brink", "Wal",
]  # fmt: skip
# Theme: (neighbourhood name, stems in compound form, street suffixes).
THEMES = {
    "common": ("Oude Kern", COMMON_STREETS, [""]),
    "birds": (
        "Vogelbuurt",
        [
            "Merel", "Lijster", "Vinken", "Spreeuwen", "Kievit", "Koekoek", "Zwaluw", "Reiger",
            "Ooievaar", "Specht", "Wielewaal", "Roodborst", "Winterkoning", "Nachtegaal",
            "Leeuwerik", "Kwartel", "Patrijs", "Fazant", "Havik", "Valken", "Buizerd", "Uilen",
            "Ekster", "Duiven", "Tortelduif", "Zwanen", "Meeuwen", "Sperwer", "Putter",
            "Goudvink", "Koolmees", "Pimpelmees", "IJsvogel", "Grutto", "Tureluur",
            "Scholekster", "Roerdomp", "Karekiet", "Boomklever", "Kwikstaart",
        ],
        ["straat", "laan"],
    ),
    "trees": (
        "Bomenbuurt",
        [
            "Linden", "Eiken", "Beuken", "Berken", "Kastanje", "Esdoorn", "Iepen", "Essen",
            "Populieren", "Wilgen", "Elzen", "Platanen", "Acacia", "Hazelaar", "Meidoorn",
            "Vlier", "Lijsterbes", "Taxus", "Ceder", "Dennen", "Sparren", "Lariks", "Walnoot",
            "Magnolia", "Catalpa", "Moerbei", "Haagbeuk", "Hulst", "Kersen", "Mispel", "Ginkgo",
        ],
        ["laan", "hof"],
    ),
    "painters": (
        "Schildersbuurt",
        [
            "Rembrandt", "Vermeer", "Frans Hals", "Jan Steen", "Van Gogh", "Mondriaan",
            "Ruysdael", "Hobbema", "Van Goyen", "Jongkind", "Breitner", "Mesdag", "Mauve",
            "Jacob Maris", "Weissenbruch", "Toorop", "Van Ostade", "Paulus Potter",
            "Pieter de Hooch", "Ter Borch", "Metsu", "Van der Helst", "Ferdinand Bol",
            "Gerard Dou", "Albert Cuyp", "Avercamp", "Jan Lievens", "Saenredam", "Witsen",
        ],
        ["straat", "plein"],
    ),
    "flowers": (
        "Bloemenbuurt",
        [
            "Rozen", "Tulpen", "Narcissen", "Anjer", "Lelie", "Iris", "Krokus", "Hyacinten",
            "Viooltjes", "Madeliefjes", "Zonnebloem", "Klaproos", "Korenbloem", "Goudsbloem",
            "Dahlia", "Aster", "Primula", "Sering", "Jasmijn", "Lavendel", "Clematis",
            "Begonia", "Fuchsia", "Hortensia", "Pioen", "Margriet", "Boterbloem",
            "Sneeuwklokjes", "Akelei", "Lupine", "Ridderspoor", "Kamille", "Gentiaan",
            "Anemoon", "Azalea",
        ],
        ["straat", "hof"],
    ),
    "composers": (
        "Componistenbuurt",
        [
            "Bach", "Mozart", "Beethoven", "Chopin", "Schubert", "Haydn", "Händel", "Brahms",
            "Mendelssohn", "Schumann", "Vivaldi", "Verdi", "Wagner", "Grieg", "Debussy",
            "Ravel", "Sweelinck", "Diepenbrock", "Dvořák", "Liszt", "Bruckner", "Mahler",
            "Purcell", "Rossini", "Puccini", "Bizet", "Sibelius", "Smetana",
        ],
        ["straat", "laan", "plein"],
    ),
    "rivers": (
        "Rivierenbuurt",
        [
            "Rijn", "Maas", "Waal", "IJssel", "Lek", "Vecht", "Amstel", "Dommel", "Dinkel",
            "Berkel", "Regge", "Roer", "Geul", "Linge", "Eem", "Gouwe", "Hunze", "Schelde",
            "Merwede", "Spaarne", "Zaan", "Donge", "Niers", "Swalm", "Vliet", "Drecht",
            "Angstel", "Oude IJssel", "Kromme Rijn",
        ],
        ["straat", "kade", "laan"],
    ),
    "writers": (
        "Schrijversbuurt",
        [
            "Vondel", "Bilderdijk", "Multatuli", "Hooft", "Bredero", "Huygens", "Tollens",
            "Da Costa", "Potgieter", "Nicolaas Beets", "Staring", "Gorter", "Willem Kloos",
            "Jacques Perk", "Van Eeden", "Couperus", "Heijermans", "Verwey", "Boutens",
            "Marsman", "Slauerhoff", "Nijhoff", "Achterberg", "Van Schendel", "Van Lennep",
            "Guido Gezelle", "Hildebrand", "Van Maerlant", "Jan Luyken", "Poot",
        ],
        ["straat", "laan"],
    ),
    "sea_heroes": (
        "Zeeheldenbuurt",
        [
            "De Ruyter", "Tromp", "Piet Hein", "Evertsen", "Van Galen", "Van Speijk",
            "Karel Doorman", "Van Heemskerck", "Van Kinsbergen", "Banckert", "Van Wassenaer",
            "Van Brakel", "Witte de With", "Van Nes", "De Liefde", "Van Ghent", "Kortenaer",
            "Zoutman", "Van der Hulst", "Joost de Moor", "Schrijver", "Binckes", "Van Braam",
        ],
        ["straat", "kade", "plein"],
    ),
}  # fmt: skip
# After a municipality's "Oude Kern", its neighbourhoods take these in turn.
THEME_CYCLE = [
    "birds", "trees", "painters", "flowers", "composers", "rivers", "writers", "sea_heroes",
]  # fmt: skip

FIRST_NAMES = [
    "Sanne", "Daan", "Fatima", "Bram", "Lotte", "Sem", "Noor", "Jesse", "Fleur", "Thijs",
    "Anouk", "Ruben", "Iris", "Milan", "Yasmina", "Jeroen", "Marieke", "Ingrid", "Henk",
    "Wilma", "Ayşe", "Youssef", "Esther", "Joost", "Femke", "Sven", "Ilse", "Bas", "Mirjam",
    "Koen", "Nadia", "Hanneke", "Pieter", "Saskia", "Stijn", "Eline", "Rik", "Naima", "Gijs",
    "Roos", "Mehmet", "Priya", "Wouter", "Karin", "Tamara", "Hamid", "Els", "Jurgen",
]  # fmt: skip
SURNAME_PREFIXES = ["van de", "van der", "van den", "de", "ter", "van"]
SURNAME_STEMS = [
    "Brink", "Veld", "Hoek", "Molen", "Berg", "Beek", "Kamp", "Horst", "Dijk", "Haar",
    "Bosch", "Meer", "Laar", "Kolk", "Hage", "Sloot", "Wetering", "Esch", "Loo", "Vaart",
]  # fmt: skip
SURNAME_SUFFIXES = ["man", "huis", "kamp", "stra", "sma", "ink", "ers", "hof", "ing"]
