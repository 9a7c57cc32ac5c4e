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
        ["nl"],
        ["nl"],
    ),
    (
        "Haar fiets heeft een lekke band en de ketting loopt eraf",
        "Fietsenmaker geweest, sleutelt nog steeds",
        ["nl"],
        ["nl"],
    ),
    (
        "Kan de trap niet meer op met zware tassen",
        "Gaat elke dag naar de Jumbo en neemt graag wat mee",
        ["nl"],
        ["nl"],
    ),
    (
        "Zit de hele dag alleen thuis sinds haar man overleden is",
        "Komt graag bij ouderen op de koffie voor een babbel",
        ["nl"],
        ["nl"],
    ),
    (
        "Snapt de brieven van de belastingdienst niet",
        "Oud-boekhouder, helpt met belastingaangiftes",
        ["nl"],
        ["nl"],
    ),
    (
        "Wil leren videobellen met de kleinkinderen op de tablet",
        "Geeft computerles aan senioren",
        ["nl"],
        ["nl"],
    ),
    (
        "Moet naar het ziekenhuis voor controle maar heeft geen auto",
        "Heeft een auto en rijdt mensen naar afspraken",
        ["nl"],
        ["nl"],
    ),
    ("De kraan in de keuken lekt al weken", "Was loodgieter, repareert lekkages", ["nl"], ["nl"]),
    (
        "Zoon heeft moeite met rekenen op school",
        "Gepensioneerd wiskundeleraar, geeft bijles",
        ["nl"],
        ["nl"],
    ),
    ("Wil beter Nederlands leren spreken", "Taalmaatje bij het taalhuis", ["ar"], ["nl", "ar"]),
    (
        "Kan haar hond niet meer uitlaten door haar heup",
        "Loopt elke ochtend met honden van de buren",
        ["nl"],
        ["nl"],
    ),
    (
        "Lamp in de gang hangt los en de stopcontacten zijn oud",
        "Elektricien van beroep",
        ["nl"],
        ["nl"],
    ),
    (
        "De heg is veel te hoog geworden en ze kan niet meer bukken",
        "Hovenier met eigen bedrijfje",
        ["nl"],
        ["nl"],
    ),
    (
        "Heeft een stapel post liggen die ze niet begrijpt",
        "Helpt mensen met formulieren en brieven van de gemeente",
        ["nl"],
        ["nl"],
    ),
    (
        "Eet elke avond alleen, zou graag samen eten",
        "Kookt op zondag voor de hele straat",
        ["nl"],
        ["nl"],
    ),
    (
        "Wil een kast van IKEA in elkaar laten zetten",
        "Klusjesman, heeft al zijn gereedschap nog",
        ["nl"],
        ["nl"],
    ),
    (
        "Zijn broek moet korter en er zit een scheur in de jas",
        "Naaister, verstelt kleding",
        ["nl"],
        ["nl"],
    ),
    (
        "Verhuist volgende maand naar een kleinere woning en kan niet tillen",
        "Sterk, helpt graag bij verhuizingen met zijn busje",
        ["nl"],
        ["nl"],
    ),
    (
        "Spreekt alleen Turks en wil hulp bij de brieven van de woningcorporatie",
        "Spreekt Turks en helpt met papierwerk",
        ["tr"],
        ["nl", "tr"],
    ),
    (
        "Wil wat meer bewegen maar durft niet alleen te wandelen",
        "Wandelt elke dag een rondje door het park",
        ["nl"],
        ["nl"],
    ),
    (
        "Weet niet hoe internetbankieren werkt",
        "Oud-bankmedewerker, legt bankzaken uit",
        ["nl"],
        ["nl"],
    ),
    (
        "Moet elke week naar de fysio en kan slecht lopen",
        "Chauffeur met pensioen, rijdt graag",
        ["nl"],
        ["nl"],
    ),
    (
        "Haar balkon is een puinhoop, de planten gaan dood",
        "Heeft groene vingers, kweekt van alles",
        ["nl"],
        ["nl"],
    ),
    ("Zou graag iemand hebben om mee te schaken", "Speelt graag schaak en dammen", ["nl"], ["nl"]),
    (
        "Kind van acht moet voorgelezen worden, moeder werkt 's avonds",
        "Oppasoma, leest graag voor",
        ["nl"],
        ["nl"],
    ),
    (
        "Wil een buurtfeest opzetten maar weet niet waar te beginnen",
        "Heeft jaren evenementen georganiseerd",
        ["nl"],
        ["nl"],
    ),
    (
        "Spreekt Arabisch, zoekt iemand die meegaat naar de huisarts",
        "Spreekt Arabisch en gaat mee naar afspraken",
        ["ar"],
        ["ar", "nl"],
    ),
    (
        "De computer is heel traag en zit vol virussen",
        "ICT'er, lost computerproblemen op",
        ["nl"],
        ["nl"],
    ),
    (
        "Mist de gezelligheid van vroeger, kent niemand in de flat",
        "Organiseert koffieochtenden in het buurthuis",
        ["nl"],
        ["nl"],
    ),
    ("De schutting is omgewaaid", "Timmerman, maakt alles van hout", ["nl"], ["nl"]),
    (
        "Moet de toeslagen aanvragen maar snapt het formulier niet",
        "Vrijwilliger bij de formulierenbrigade",
        ["nl"],
        ["nl"],
    ),
    (
        "Kat moet gevoerd worden als ze op vakantie is",
        "Dierenvriend, past op katten en konijnen",
        ["nl"],
        ["nl"],
    ),
    ("Wil leren breien", "Breit en haakt al vijftig jaar", ["nl"], ["nl"]),
    (
        "Kan niet meer zelf koken na de operatie",
        "Kok in een restaurant geweest, maakt maaltijden",
        ["nl"],
        ["nl"],
    ),
    ("Woonkamer moet geverfd worden", "Schilder, doet binnenwerk", ["nl"], ["nl"]),
    (
        "Spreekt Pools en wil Nederlandse les",
        "Geeft Nederlandse taalles, spreekt ook Pools",
        ["pl"],
        ["nl", "pl"],
    ),
    ("Kan de boodschapen niet meer dragen", "Doet boodschappen voor de buren", ["nl"], ["nl"]),
    (
        "Zoekt iemand voor een praatje, is eenzaam",
        "Luisterend oor, bezoekt mensen thuis",
        ["nl"],
        ["nl"],
    ),
    (
        "Wasmachine maakt een raar geluid",
        "Monteur, repareert huishoudelijke apparaten",
        ["nl"],
        ["nl"],
    ),
    (
        "Moet met de rolstoel naar de markt",
        "Duwt graag iemand in de rolstoel naar buiten",
        ["nl"],
        ["nl"],
    ),
    (
        "Dochter zoekt huiswerkbegeleiding voor de brugklas",
        "Student, helpt scholieren met huiswerk",
        ["nl"],
        ["nl"],
    ),
    ("Moestuin is te veel werk geworden", "Heeft een volkstuin en tuiniert graag", ["nl"], ["nl"]),
    (
        "Zijn telefoon doet raar, krijgt whatsapp niet werkend",
        "Helpt ouderen met hun smartphone",
        ["nl"],
        ["nl"],
    ),
    ("Heeft schulden en overzicht kwijt", "Budgetcoach, helpt met geldzaken", ["nl"], ["nl"]),
    ("Wil muziek maken, had vroeger gitaarles", "Gitarist, geeft gitaarles", ["nl"], ["nl"]),
    (
        "Zoekt een fietsmaatje voor een tochtje op zondag",
        "Fietst graag lange tochten",
        ["nl"],
        ["nl"],
    ),
    (
        "Spreekt alleen Somalisch, wil contact met andere vrouwen",
        "Spreekt Somalisch, komt naar de vrouwenochtend",
        ["so"],
        ["so", "nl"],
    ),
    ("De dakgoot zit verstopt", "Handig, klimt nog graag op de ladder", ["nl"], ["nl"]),
    ("Gerepareerde fiets is weer kapot", "Repareert fietsen in zijn schuur", ["nl"], ["nl"]),
    (
        "Kan het onkruid tussen de tegels niet meer weghalen",
        "Tuinman, wiedt en schoffelt graag",
        ["nl"],
        ["nl"],
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
        residents.append(_resident(n, languages=["nl"], talents=[talent], match=False))
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
