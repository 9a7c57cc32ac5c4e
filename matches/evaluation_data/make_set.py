"""Writes buurt100.json and buurt100_expected.json: a public evaluation set
of invented residents (python matches/evaluation_data/make_set.py). Each
pair is a need and the talent a worker would pick for it, phrased as people
say it: compounds, other word forms, typos, problems instead of the help,
and residents who speak another language than Dutch."""

import json
from pathlib import Path

# (need, talent, seeker's languages, helper's languages)
PAIRS = [
    (
        "Kan het gras niet meer maaien sinds zijn knie",
        "Werkte twintig jaar bij de plantsoenendienst",
        ["nld"],
        ["nld"],
    ),
    (
        "Haar fiets heeft een lekke band en de ketting loopt eraf",
        "Fietsenmaker geweest, sleutelt nog steeds",
        ["nld"],
        ["nld"],
    ),
    (
        "Kan de trap niet meer op met zware tassen",
        "Gaat elke dag naar de Jumbo en neemt graag wat mee",
        ["nld"],
        ["nld"],
    ),
    (
        "Zit de hele dag alleen thuis sinds haar man overleden is",
        "Komt graag bij ouderen op de koffie voor een babbel",
        ["nld"],
        ["nld"],
    ),
    (
        "Snapt de brieven van de belastingdienst niet",
        "Oud-boekhouder, helpt met belastingaangiftes",
        ["nld"],
        ["nld"],
    ),
    (
        "Wil leren videobellen met de kleinkinderen op de tablet",
        "Geeft computerles aan senioren",
        ["nld"],
        ["nld"],
    ),
    (
        "Moet naar het ziekenhuis voor controle maar heeft geen auto",
        "Heeft een auto en rijdt mensen naar afspraken",
        ["nld"],
        ["nld"],
    ),
    (
        "De kraan in de keuken lekt al weken",
        "Was loodgieter, repareert lekkages",
        ["nld"],
        ["nld"],
    ),
    (
        "Zoon heeft moeite met rekenen op school",
        "Gepensioneerd wiskundeleraar, geeft bijles",
        ["nld"],
        ["nld"],
    ),
    ("Wil beter Nederlands leren spreken", "Taalmaatje bij het taalhuis", ["ara"], ["nld", "ara"]),
    (
        "Kan haar hond niet meer uitlaten door haar heup",
        "Loopt elke ochtend met honden van de buren",
        ["nld"],
        ["nld"],
    ),
    (
        "Lamp in de gang hangt los en de stopcontacten zijn oud",
        "Elektricien van beroep",
        ["nld"],
        ["nld"],
    ),
    (
        "De heg is veel te hoog geworden en ze kan niet meer bukken",
        "Hovenier met eigen bedrijfje",
        ["nld"],
        ["nld"],
    ),
    (
        "Heeft een stapel post liggen die ze niet begrijpt",
        "Helpt mensen met formulieren en brieven van de gemeente",
        ["nld"],
        ["nld"],
    ),
    (
        "Eet elke avond alleen, zou graag samen eten",
        "Kookt op zondag voor de hele straat",
        ["nld"],
        ["nld"],
    ),
    (
        "Wil een kast van IKEA in elkaar laten zetten",
        "Klusjesman, heeft al zijn gereedschap nog",
        ["nld"],
        ["nld"],
    ),
    (
        "Zijn broek moet korter en er zit een scheur in de jas",
        "Naaister, verstelt kleding",
        ["nld"],
        ["nld"],
    ),
    (
        "Verhuist volgende maand naar een kleinere woning en kan niet tillen",
        "Sterk, helpt graag bij verhuizingen met zijn busje",
        ["nld"],
        ["nld"],
    ),
    (
        "Spreekt alleen Turks en wil hulp bij de brieven van de woningcorporatie",
        "Spreekt Turks en helpt met papierwerk",
        ["tur"],
        ["nld", "tur"],
    ),
    (
        "Wil wat meer bewegen maar durft niet alleen te wandelen",
        "Wandelt elke dag een rondje door het park",
        ["nld"],
        ["nld"],
    ),
    (
        "Weet niet hoe internetbankieren werkt",
        "Oud-bankmedewerker, legt bankzaken uit",
        ["nld"],
        ["nld"],
    ),
    (
        "Moet elke week naar de fysio en kan slecht lopen",
        "Chauffeur met pensioen, rijdt graag",
        ["nld"],
        ["nld"],
    ),
    (
        "Haar balkon is een puinhoop, de planten gaan dood",
        "Heeft groene vingers, kweekt van alles",
        ["nld"],
        ["nld"],
    ),
    (
        "Zou graag iemand hebben om mee te schaken",
        "Speelt graag schaak en dammen",
        ["nld"],
        ["nld"],
    ),
    (
        "Kind van acht moet voorgelezen worden, moeder werkt 's avonds",
        "Oppasoma, leest graag voor",
        ["nld"],
        ["nld"],
    ),
    (
        "Wil een buurtfeest opzetten maar weet niet waar te beginnen",
        "Heeft jaren evenementen georganiseerd",
        ["nld"],
        ["nld"],
    ),
    (
        "Spreekt Arabisch, zoekt iemand die meegaat naar de huisarts",
        "Spreekt Arabisch en gaat mee naar afspraken",
        ["ara"],
        ["ara", "nld"],
    ),
    (
        "De computer is heel traag en zit vol virussen",
        "ICT'er, lost computerproblemen op",
        ["nld"],
        ["nld"],
    ),
    (
        "Mist de gezelligheid van vroeger, kent niemand in de flat",
        "Organiseert koffieochtenden in het buurthuis",
        ["nld"],
        ["nld"],
    ),
    (
        "De schutting is omgewaaid",
        "Timmerman, maakt alles van hout",
        ["nld"],
        ["nld"],
    ),
    (
        "Moet de toeslagen aanvragen maar snapt het formulier niet",
        "Vrijwilliger bij de formulierenbrigade",
        ["nld"],
        ["nld"],
    ),
    (
        "Kat moet gevoerd worden als ze op vakantie is",
        "Dierenvriend, past op katten en konijnen",
        ["nld"],
        ["nld"],
    ),
    (
        "Wil leren breien",
        "Breit en haakt al vijftig jaar",
        ["nld"],
        ["nld"],
    ),
    (
        "Kan niet meer zelf koken na de operatie",
        "Kok in een restaurant geweest, maakt maaltijden",
        ["nld"],
        ["nld"],
    ),
    (
        "Woonkamer moet geverfd worden",
        "Schilder, doet binnenwerk",
        ["nld"],
        ["nld"],
    ),
    (
        "Spreekt Pools en wil Nederlandse les",
        "Geeft Nederlandse taalles, spreekt ook Pools",
        ["pol"],
        ["nld", "pol"],
    ),
    (
        "Kan de boodschapen niet meer dragen",
        "Doet boodschappen voor de buren",
        ["nld"],
        ["nld"],
    ),
    (
        "Zoekt iemand voor een praatje, is eenzaam",
        "Luisterend oor, bezoekt mensen thuis",
        ["nld"],
        ["nld"],
    ),
    (
        "Wasmachine maakt een raar geluid",
        "Monteur, repareert huishoudelijke apparaten",
        ["nld"],
        ["nld"],
    ),
    (
        "Moet met de rolstoel naar de markt",
        "Duwt graag iemand in de rolstoel naar buiten",
        ["nld"],
        ["nld"],
    ),
    (
        "Dochter zoekt huiswerkbegeleiding voor de brugklas",
        "Student, helpt scholieren met huiswerk",
        ["nld"],
        ["nld"],
    ),
    (
        "Moestuin is te veel werk geworden",
        "Heeft een volkstuin en tuiniert graag",
        ["nld"],
        ["nld"],
    ),
    (
        "Zijn telefoon doet raar, krijgt whatsapp niet werkend",
        "Helpt ouderen met hun smartphone",
        ["nld"],
        ["nld"],
    ),
    (
        "Heeft schulden en overzicht kwijt",
        "Budgetcoach, helpt met geldzaken",
        ["nld"],
        ["nld"],
    ),
    (
        "Wil muziek maken, had vroeger gitaarles",
        "Gitarist, geeft gitaarles",
        ["nld"],
        ["nld"],
    ),
    (
        "Zoekt een fietsmaatje voor een tochtje op zondag",
        "Fietst graag lange tochten",
        ["nld"],
        ["nld"],
    ),
    (
        "Spreekt alleen Somalisch, wil contact met andere vrouwen",
        "Spreekt Somalisch, komt naar de vrouwenochtend",
        ["som"],
        ["som", "nld"],
    ),
    (
        "De dakgoot zit verstopt",
        "Handig, klimt nog graag op de ladder",
        ["nld"],
        ["nld"],
    ),
    (
        "Gerepareerde fiets is weer kapot",
        "Repareert fietsen in zijn schuur",
        ["nld"],
        ["nld"],
    ),
    (
        "Kan het onkruid tussen de tegels niet meer weghalen",
        "Tuinman, wiedt en schoffelt graag",
        ["nld"],
        ["nld"],
    ),
]

# Residents who refused matching, with talents that would fit some needs.
FORBIDDEN = [
    "Hovenier en tuinman, snoeit heggen",
    "Fietsenmaker, repareert fietsen",
    "Doet boodschappen voor iedereen",
    "Komt graag op de koffie voor een praatje",
    "Boekhouder, helpt met belastingaangifte",
]

NEIGHBOURHOODS = [
    {
        "code": "BU99990101",
        "name": "Proefbuurt-Noord",
        "district": {"code": "WK999901", "name": "Proefwijk"},
        "municipality": {"code": "GM9999", "name": "Proefstad"},
    },
    {
        "code": "BU99990102",
        "name": "Proefbuurt-Zuid",
        "district": {"code": "WK999901", "name": "Proefwijk"},
        "municipality": {"code": "GM9999", "name": "Proefstad"},
    },
]
STREETS = ["Lindelaan", "Beukenweg", "Eikenstraat", "Wilgenhof", "Populierpad"]
FIRST = [
    "Anna",
    "Bert",
    "Cor",
    "Dina",
    "Els",
    "Fred",
    "Gerda",
    "Henk",
    "Ilse",
    "Joop",
    "Karin",
    "Lars",
    "Mina",
    "Nico",
    "Olga",
    "Piet",
    "Rina",
    "Sem",
    "Tineke",
    "Umut",
]
LAST = [
    "Akkerman",
    "Bosman",
    "Dekker",
    "Evers",
    "Groen",
    "Hofman",
    "Jansen",
    "Kramer",
    "Lammers",
    "Mulder",
    "Nooij",
    "Otten",
    "Peters",
    "Roos",
    "Smit",
    "Veenstra",
]


def _resident(n, *, languages, talents=(), needs=(), match=True):
    return {
        "ref": f"p{n:03d}",
        "name": f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]}",
        "neighbourhood": NEIGHBOURHOODS[n % 2]["code"],
        "address": {
            "street": STREETS[n % len(STREETS)],
            "number": n + 1,
            "addition": "",
            "postcode": f"99{n % 10}{n % 7} PB",
        },
        "languages": languages,
        "consent": {"store": True, "match": match},
        "talents": [{"text": text} for text in talents],
        "needs": [{"text": text} for text in needs],
    }


def main():
    residents, expected = [], {}
    for i, (need, talent, seeker_languages, helper_languages) in enumerate(PAIRS):
        seeker, helper = 2 * i, 2 * i + 1
        residents.append(_resident(seeker, languages=seeker_languages, needs=[need]))
        residents.append(_resident(helper, languages=helper_languages, talents=[talent]))
        expected[f"p{seeker:03d}"] = [f"p{helper:03d}"]
    forbidden = []
    for j, talent in enumerate(FORBIDDEN):
        n = 2 * len(PAIRS) + j
        residents.append(_resident(n, languages=["nld"], talents=[talent], match=False))
        forbidden.append(f"p{n:03d}")
    here = Path(__file__).parent
    (here / "buurt100.json").write_text(
        json.dumps(
            {
                "format": "buurtwerk-residents/1",
                "neighbourhoods": NEIGHBOURHOODS,
                "residents": residents,
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    (here / "buurt100_expected.json").write_text(
        json.dumps({"expected": expected, "forbidden": forbidden}, indent=1) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
