"""Invented Dutch texts for the matches demo data: talents and needs per
category in residents' own words (as a worker writes them down), the
initiatives, and what workers and team leads write about matches. Nobody
and nothing here is real; no text holds special-category data (health,
religion, origin).

The talents and needs are keyed by the slugs of the categories in
``matches/migrations/0002_categories.py``; each text uses the words
residents use for its category (its keywords), so the category proposed
from the text is the one it is filed under and the suggestions find
similar wording on the other side. Placeholders in the match texts:
``{seeker}`` and ``{helper}`` (first names), ``{initiative}``, ``{centre}``
(the neighbourhood's community centre), ``{where}``."""

# Talents: what someone can and likes to do. slug -> phrasings.
TALENTS = {
    "tuin": [
        "Heeft groene vingers, werkt graag in de tuin",
        "Heeft jaren als hovenier gewerkt; snoeien en maaien gaat vanzelf",
        "Maait graag het gras, ook bij de buren",
        "Kweekt groenten en kruiden op het balkon en deelt graag stekjes en plantjes",
        "Weet veel van planten en helpt graag een tuin op te knappen",
        "Heeft een volkstuin en is er elke dag te vinden om te tuinieren",
        "Knipt al jaren de heg van de buurman en doet dat graag voor meer mensen",
        "Is graag buiten bezig; onkruid wieden is ontspannend",
        "Heeft een grasmaaier en een heggenschaar die anderen mogen gebruiken",
        "Ik tuinier graag en help best een paar uur per week in andermans tuin",
        "Wil helpen bij het vergroenen van de straat: geveltuintjes en bloembakken",
    ],
    "boodschappen": [
        "Doet boodschappen voor de buurman en vindt het fijn iets voor een ander te doen",
        "Heeft een bakfiets en haalt graag boodschappen voor anderen",
        "Gaat elke zaterdag naar de markt en neemt graag iets mee voor de buren",
        "Loopt elke dag naar de supermarkt en kan makkelijk een boodschappenlijstje meenemen",
        "Is bijna altijd thuis en neemt graag pakketjes aan voor de buren",
        "Ik sjouw graag de boodschappen naar boven, ik ben sterk",
        "Wil best een keer per week de boodschappen doen voor iemand in de straat",
        "Doet elke week grote boodschappen in de supermarkt en neemt kratten water mee voor "
        "wie wil",
    ],
    "vervoer": [
        "Heeft een auto en brengt graag iemand naar afspraken in het centrum",
        "Rijdt graag mensen met de auto naar een afspraak en weer terug",
        "Heeft overdag tijd en een auto; wil best chauffeur zijn",
        "Heeft een duofiets en neemt graag iemand mee voor een ritje",
        "Heeft een busje en helpt met wegbrengen van grofvuil of spullen",
        "Gaat graag mee met de bus of de trein voor wie dat spannend vindt",
        "Rijdt elke week naar de stad en heeft nog plek in de auto",
        "Ik haal en breng graag mensen met mijn auto, ik heb toch tijd",
    ],
    "gezelschap": [
        "Is een goede luisteraar en komt graag op de koffie bij buren",
        "Heeft tijd over en houdt graag iemand gezelschap",
        "Praat graag met ouderen en gaat graag bij iemand op bezoek",
        "Maakt graag een praatje; wil best elke week bij iemand langskomen",
        "Speelt graag een spelletje kaarten, sjoelen of rummikub met anderen",
        "Belt graag iemand op voor een praatje en om te vragen hoe het gaat",
        "Ik ben een echte prater en drink graag koffie met een buurvrouw of buurman",
        "Wil maatje zijn voor iemand die weinig aanspraak heeft",
    ],
    "klussen": [
        "Handig met gereedschap; hangt graag lampen en planken op",
        "Was timmerman en heeft nog alle gereedschap in de schuur",
        "Repareert fietsen voor de kinderen in de straat; band plakken is zo gedaan",
        "Kan goed schilderen en behangen",
        "Is handig met elektra en kleine reparaties in huis",
        "Klust graag, van een lekkende kraan tot een klemmende deur",
        "Zet meubels in elkaar en helpt graag bij een verhuizing",
        "Ik ben monteur geweest; een kapotte wasmachine repareer ik vaak zelf",
        "Heeft een boormachine en helpt graag met klusjes in huis",
    ],
    "computer": [
        "Weet veel van computers en helpt graag met de telefoon",
        "Werkt in de ICT en legt graag uit hoe videobellen werkt",
        "Helpt ouderen met hun smartphone en WhatsApp",
        "Kan goed met de tablet en de laptop overweg en heeft veel geduld",
        "Student informatica; helpt best een uurtje per week met de computer",
        "Zet graag een nieuwe telefoon of printer voor iemand in",
        "Ik leg graag uit hoe je veilig inlogt en mailt op internet",
    ],
    "taal": [
        "Spreekt goed Nederlands en wil graag taalmaatje zijn",
        "Oud-lerares; oefent graag Nederlands met nieuwkomers",
        "Spreekt Arabisch en Nederlands; wil helpen vertalen bij het spreekuur",
        "Geduldig met mensen die Nederlands leren; oefent graag een gesprek",
        "Leest graag en wil samen met iemand de krant lezen om de taal te oefenen",
        "Spreekt Turks en Nederlands en wil wel tolken bij een gesprek",
        "Ik geef graag taalles in het taalcafé, ik was vroeger juf",
        "Wil met een nieuwkomer wekelijks Nederlands spreken tijdens een kop koffie",
    ],
    "papierwerk": [
        "Was boekhouder en helpt graag met de administratie",
        "Kan goed formulieren invullen en brieven schrijven",
        "Helpt graag met de belastingaangifte",
        "Heeft jaren op een kantoor gewerkt; post sorteren en ordenen gaat vanzelf",
        "Weet de weg in toeslagen en regelingen van de gemeente",
        "Schrijft graag brieven en helpt met formulieren voor wie dat lastig vindt",
        "Ik help graag met de thuisadministratie, rekeningen op een rij zetten",
    ],
    "koken": [
        "Kookt graag en wil een keer meekoken bij de buurtmaaltijd",
        "Bakt graag taarten en brengt ze rond in de straat",
        "Kookt graag voor grote groepen; heeft in een restaurant gewerkt",
        "Maakt heerlijke soep en deelt die graag met de buren",
        "Kan goed Syrisch koken en geeft graag kookles",
        "Kookt liever voor meer mensen dan alleen; samen eten is gezelliger",
        "Bakt zelf brood en leert het graag aan anderen",
        "Ik kook elke dag te veel, er kan altijd iemand aanschuiven",
    ],
    "bewegen": [
        "Wandelt elke ochtend een rondje door het park en neemt graag iemand mee",
        "Was voetbaltrainer en laat graag een groepje voetballen op het veldje",
        "Doet aan yoga en pilates en wil dat graag met anderen samen doen",
        "Fietst veel en wil een fietsgroepje beginnen",
        "Loopt mee met de wandelclub en nodigt graag anderen uit",
        "Sport graag en wil iemand motiveren om mee te doen",
        "Ik ga twee keer per week zwemmen en vind het leuk als iemand meegaat",
        "Wil volwassenen leren fietsen die het nooit geleerd hebben",
    ],
    "kinderen": [
        "Helpt graag kinderen met rekenen en huiswerk",
        "Oud-leraar, wil bijles geven aan kinderen uit de buurt",
        "Past graag op de kinderen van de buren",
        "Leest graag voor aan kinderen",
        "Studeert voor juf en wil ervaring opdoen met huiswerkbegeleiding",
        "Speelt graag met de kinderen op het pleintje en bedenkt spelletjes",
        "Ik help de kinderen in de straat graag met hun schoolwerk",
    ],
    "huisdieren": [
        "Is dol op honden en laat graag de hond van een ander uit",
        "Past graag op de katten als de buren op vakantie zijn",
        "Heeft altijd dieren gehad en helpt graag met verzorgen",
        "Laat elke dag de eigen hond uit en kan er wel eentje bij hebben",
        "Ik pas graag op huisdieren, van konijn tot parkiet",
    ],
    "creatief": [
        "Handwerkt graag: breien, haken en naaien",
        "Speelt gitaar en geeft graag gitaarles",
        "Zingt in een koor en wil een buurtkoor beginnen",
        "Kan goed naaien en verstelt graag kleding",
        "Tekent en schildert graag en wil een tekenclub beginnen",
        "Speelt piano en wil graag optreden op een buurtfeest",
        "Ik haak en brei de hele dag, leer het graag aan anderen",
        "Fotografeert graag en wil anderen leren fotograferen",
    ],
    "organiseren": [
        "Organiseert al jaren de straatbarbecue",
        "Brengt graag mensen bij elkaar; wil een buurtfeest helpen organiseren",
        "Maakt graag flyers en posters voor activiteiten",
        "Wil helpen bij de opruimactie in de buurt",
        "Kent veel mensen in de straat en wil de bewonersgroep helpen",
        "Heeft ervaring met subsidie aanvragen voor activiteiten in het buurthuis",
        "Ik ben goed in organiseren en wil graag vrijwilliger zijn bij een evenement",
    ],
}

# Needs: what someone would like help with or is looking for.
NEEDS = {
    "tuin": [
        "Krijgt de heg niet meer geknipt",
        "Kan het gras niet meer maaien",
        "De tuin is verwilderd en de buren klagen; wil er graag hulp bij",
        "Zou graag bloemen in de voortuin hebben maar weet niet hoe te beginnen",
        "Kan niet meer bukken om onkruid te wieden in de tuin",
        "Zoekt iemand die helpt de tuin winterklaar te maken",
        "Wil een moestuintje op het balkon beginnen en zoekt tips",
        "De bladeren liggen hoog in de achtertuin; krijgt het niet opgeruimd",
        "Heeft geen gereedschap om de struiken te snoeien",
        "Wil de tegels uit de tuin en meer groen, maar kan het niet alleen",
    ],
    "boodschappen": [
        "Krijgt de zware boodschappen niet meer thuis",
        "Kan niet zelf naar de supermarkt en zoekt iemand die boodschappen doet",
        "Woont op de vierde zonder lift; de boodschappen naar boven sjouwen is zwaar",
        "Zou graag samen met iemand naar de markt gaan",
        "Heeft geen auto; krijgt de kratten water en melk niet thuis",
        "Wil af en toe hulp bij de boodschappen als het glad is",
        "Is overdag niet thuis en zoekt iemand die een pakketje aanneemt",
    ],
    "vervoer": [
        "Heeft geen vervoer om naar de buurtmaaltijd te gaan; zoekt iemand die rijdt",
        "Zoekt iemand die kan rijden naar afspraken in het centrum",
        "Durft niet alleen met de bus of de tram; wil graag dat iemand de eerste keer meegaat",
        "Moet grofvuil wegbrengen maar heeft geen auto",
        "Zoekt op zaterdag een lift met de auto naar de stad",
        "Wil graag weer eens naar zee maar komt er niet zonder auto",
        "Kan niet meer fietsen en zoekt vervoer of een ritje met de auto om buiten de wijk te "
        "komen",
        "Zoekt iemand die meegaat met de trein naar familie in een andere stad",
    ],
    "gezelschap": [
        "Ziet de buren weinig sinds de kinderen het huis uit zijn; zou graag samen koffie drinken",
        "Voelt zich soms alleen; zou graag iemand hebben om mee te praten",
        "Zoekt iemand om samen een spelletje mee te doen",
        "Mist sinds het overlijden van de partner iemand om mee te praten",
        "Zou graag een vaste buur hebben die af en toe op bezoek komt",
        "Kent nog niemand in de buurt en wil graag mensen ontmoeten",
        "Wil graag een maatje om samen koffie te drinken in het buurthuis",
        "Krijgt weinig bezoek en zou graag een praatje maken",
    ],
    "klussen": [
        "De kraan lekt en krijgt het zelf niet gemaakt",
        "Zoekt iemand die een paar planken kan ophangen",
        "Heeft een nieuwe kast gekocht maar krijgt hem niet in elkaar gezet",
        "De fiets heeft een lekke band en staat al weken stil; zoekt iemand die kan plakken",
        "Wil de woonkamer schilderen maar kan niet meer op een trap staan",
        "De gordijnen moeten opgehangen worden in het nieuwe huis",
        "De lamp in de gang doet het niet meer; durft zelf niet aan de elektra",
        "Gaat verhuizen en zoekt hulp met sjouwen en meubels in elkaar zetten",
        "De schuur staat vol; wil graag hulp bij het opruimen",
    ],
    "computer": [
        "Wil leren videobellen met de kleinkinderen",
        "Snapt niets van de nieuwe smartphone",
        "Krijgt de printer niet aan de praat",
        "Wil leren mailen en foto's versturen op de tablet",
        "Zoekt hulp bij het installeren van apps op de telefoon",
        "Krijgt steeds meldingen op de laptop en weet niet wat te doen",
        "Wil de foto's van de telefoon op de computer zetten",
        "Weet niet meer hoe het inloggen met DigiD op de computer werkt",
    ],
    "taal": [
        "Oefent Nederlands met een app en wil graag een taalmaatje",
        "Wil beter Nederlands leren spreken om werk te vinden",
        "Zoekt iemand om samen Nederlands te oefenen tijdens een wandeling",
        "Wil met iemand Nederlands praten om het te oefenen, niet alleen in de les",
        "Zoekt iemand die helpt met de uitspraak en het spreken",
        "Doet volgend jaar het inburgeringsexamen en wil oefenen met lezen en schrijven",
        "Zoekt iemand die kan tolken en vertalen bij een gesprek",
    ],
    "papierwerk": [
        "Heeft veel post liggen die nog open moet",
        "Snapt de brief van de gemeente niet en wil hulp bij het antwoorden",
        "Zoekt hulp bij het invullen van formulieren voor de huurtoeslag",
        "Wil de administratie op orde krijgen maar weet niet waar te beginnen",
        "Heeft hulp nodig bij de belastingaangifte",
        "Moet een aanvraag doen bij de gemeente en vindt dat lastig",
        "Krijgt de rekeningen niet op tijd betaald en wil overzicht in de papieren",
    ],
    "koken": [
        "Eet vaak alleen en zou graag samen met anderen eten",
        "Wil leren gezond en goedkoop koken, met eenvoudige recepten",
        "Kookt niet graag voor één persoon; zou graag af en toe aanschuiven",
        "Zoekt iemand om samen mee te koken",
        "Wil graag naar de buurtmaaltijd maar kent er niemand",
        "Wil leren bakken, brood en taart",
    ],
    "bewegen": [
        "Wil meer bewegen maar niet alleen",
        "Zoekt een wandelmaatje voor de ochtend",
        "Zou graag sporten met anderen uit de buurt, liefst in een groep",
        "Heeft nooit leren fietsen en wil het graag leren",
        "Zoekt iemand om samen mee te gaan zwemmen",
        "Komt te weinig buiten; wil graag samen een wandeling maken",
        "Wil graag voetballen met anderen uit de wijk",
    ],
    "kinderen": [
        "Zoekt huiswerkbegeleiding voor de kinderen",
        "De zoon heeft moeite met rekenen; zoekt iemand die helpt met huiswerk",
        "Zoekt af en toe een oppas voor de kinderen",
        "Zoekt andere ouders om samen met de kinderen naar de speeltuin te gaan",
        "Wil hulp bij het kiezen van een middelbare school voor de dochter",
        "Kan de kinderen niet helpen met het huiswerk voor school",
    ],
    "huisdieren": [
        "Kan de hond niet meer elke dag uitlaten",
        "Zoekt iemand die op de kat past tijdens de vakantie",
        "Zoekt iemand die de konijnen en de cavia kan verzorgen",
        "Zoekt een oppas voor de vogels bij een weekendje weg",
    ],
    "creatief": [
        "Wil leren breien of haken",
        "Zoekt iemand die een broek kan inkorten; kleding verstellen lukt niet",
        "Zou graag samen muziek maken",
        "Heeft een naaimachine gekregen en wil leren naaien",
        "Zoekt mensen om samen mee te handwerken",
        "De dochter wil gitaar leren spelen maar muziekles is duur",
        "Wil graag leren tekenen of schilderen",
    ],
    "organiseren": [
        "Wil een toernooi voor de straat organiseren en zoekt vrijwilligers",
        "Wil een straatfeest organiseren maar weet niet hoe je dat aanpakt",
        "Zoekt mensen die meehelpen bij een opruimactie",
        "Wil een koffieochtend in het buurthuis opzetten en zoekt vrijwilligers",
        "Wil een rommelmarkt organiseren voor de straat en zoekt mede-organisatoren",
    ],
}

# A little variety at the end of some texts (most get nothing).
TALENT_ENDINGS = [
    "", "", "", "", "", "", "", "",
    " Liefst in de eigen straat.", " Het liefst op vaste momenten.",
    " Wil het wel eerst eens proberen.", " Heeft vooral in het weekend tijd.",
]  # fmt: skip
NEED_ENDINGS = [
    "", "", "", "", "", "", "", "",
    " Vindt het lastig om hulp te vragen.", " Liefst iemand dichtbij.",
    " Het hoeft niet vaak, af en toe is genoeg.", " Doet graag iets terug.",
]  # fmt: skip

# Resident-led initiatives. "{buurt}" in a name: it works in one
# neighbourhood; "{buurten}": in two neighbourhoods of one team. "{centre}" is
# the neighbourhood's community centre. ``slots`` are the parts of the week
# it meets (Availability values); ``offers`` and ``needs`` are its talents
# and needs as (category slug, text).
INITIATIVES = [
    {
        "name": "Vrouwengroep {buurt}",
        "for_women": True,  # members and residents matched to it: from WOMEN
        "description": "Moeders en andere vrouwen uit de buurt ontmoeten elkaar, drinken thee, "
        "organiseren voorlichting en sporten samen. Begonnen met een taalcoach die "
        "Marokkaans-Arabisch spreekt.",
        "where": "{centre}, woensdagochtend 9:30",
        "slots": ["weekday_morning"],
        "offers": [
            ("gezelschap", "Een plek om andere vrouwen te ontmoeten en koffie te drinken"),
            ("bewegen", "Sporten met andere vrouwen, elke week"),
        ],
        "needs": [
            ("bewegen", "Zoekt iemand die sportles geeft: sporten en bewegen met de groep"),
            ("taal", "Zoekt iemand die kan tolken bij de voorlichting"),
        ],
    },
    {
        "name": "Buurtmoestuin {buurt}",
        "description": "Een moestuin op het grasveld achter de flat. Iedereen mag meedoen: "
        "zaaien, wieden en samen oogsten.",
        "where": "Achter de flat, zaterdagochtend 10:00",
        "slots": ["weekend_morning"],
        "offers": [
            ("tuin", "Samen tuinieren en groenten oogsten in de buurtmoestuin"),
            ("tuin", "Stekjes, plantjes en advies voor je eigen tuin"),
        ],
        "needs": [
            ("tuin", "Zoekt mensen die in de zomer de moestuin water geven"),
            ("klussen", "Zoekt iemand die een gereedschapsschuur kan timmeren"),
        ],
    },
    {
        "name": "Buurtmaaltijd {buurt}",
        "description": "Elke week koken bewoners voor bewoners. Voor een klein bedrag eet je "
        "mee; wie wil kookt mee.",
        "where": "{centre}, donderdag 17:30",
        "slots": ["weekday_evening"],
        "offers": [
            ("koken", "Samen eten voor een klein bedrag bij de buurtmaaltijd"),
            ("gezelschap", "Gezellig aan tafel met buren, je hoeft niemand te kennen"),
        ],
        "needs": [
            ("koken", "Zoekt mensen die willen meekoken bij de buurtmaaltijd"),
            ("vervoer", "Zoekt chauffeurs die ouderen naar de maaltijd rijden"),
        ],
    },
    {
        "name": "Voetbaltoernooi {buurten}",
        "description": "Een voetbaltoernooi voor kinderen en vaders uit de wijk, elk voorjaar. "
        "Begon om vaders te bereiken.",
        "where": "Sportveld bij de school, zaterdagmiddag",
        "slots": ["weekend_afternoon"],
        "offers": [
            ("bewegen", "Samen voetballen en bewegen op het sportveld, jong en oud"),
            ("kinderen", "Een leuke middag voor de kinderen, met limonade"),
        ],
        "needs": [
            ("organiseren", "Zoekt vrijwilligers die het toernooi helpen organiseren"),
            ("koken", "Zoekt iemand die voor de lunch en de hapjes zorgt"),
        ],
    },
    {
        "name": "Opruimploeg {buurt}",
        "description": "Bewoners die eens per maand samen zwerfafval prikken en de "
        "containerhoeken opruimen. Ontstaan na een melding van de corporatie.",
        "where": "Verzamelen bij {centre}, eerste zaterdag van de maand, 10:00",
        "slots": ["weekend_morning"],
        "offers": [
            ("organiseren", "Samen zwerfafval prikken bij de opruimactie"),
        ],
        "needs": [
            ("organiseren", "Zoekt meer buren die meedoen aan de opruimactie"),
            ("organiseren", "Zoekt iemand die flyers maakt en rondbrengt"),
        ],
    },
    {
        "name": "Huiswerkklas {buurt}",
        "description": "Kinderen uit groep 6 tot en met de brugklas maken samen huiswerk met "
        "hulp van vrijwilligers.",
        "where": "{centre}, dinsdag en donderdag 15:30",
        "slots": ["weekday_afternoon"],
        "offers": [
            ("kinderen", "Huiswerkbegeleiding voor kinderen van groep 6 tot de brugklas"),
        ],
        "needs": [
            ("kinderen", "Zoekt vrijwilligers die kinderen helpen met rekenen en huiswerk"),
        ],
    },
    {
        "name": "Wandelclub {buurt}",
        "description": "Elke week een wandeling van een uur door de wijk en het park, in eigen "
        "tempo, met koffie na afloop.",
        "where": "Start bij {centre}, donderdagochtend 10:00",
        "slots": ["weekday_morning"],
        "offers": [
            ("bewegen", "Elke week samen wandelen in je eigen tempo"),
            ("gezelschap", "Nieuwe mensen ontmoeten tijdens een wandeling"),
        ],
        "needs": [
            ("bewegen", "Zoekt iemand die de wandelingen wil begeleiden"),
        ],
    },
    {
        "name": "Repair Café {buurten}",
        "description": "Kapotte spullen samen repareren: lampen, fietsen, kleding en "
        "apparaten. Weggooien kan altijd nog.",
        "where": "{centre}, laatste zaterdag van de maand, 13:00",
        "slots": ["weekend_afternoon"],
        "offers": [
            ("klussen", "Samen je kapotte lamp, fiets of apparaat repareren"),
            ("creatief", "Kleding verstellen en repareren met de naaimachine"),
        ],
        "needs": [
            ("klussen", "Zoekt handige mensen die willen helpen met repareren"),
            ("creatief", "Zoekt iemand die kan naaien voor de kledingtafel"),
        ],
    },
    {
        "name": "Taalcafé {buurt}",
        "description": "Nederlands oefenen in een ontspannen gesprek met een vrijwilliger. Voor "
        "iedereen die de taal wil leren.",
        "where": "{centre}, maandagavond 19:00",
        "slots": ["weekday_evening"],
        "offers": [
            ("taal", "Nederlands oefenen met een taalmaatje in het taalcafé"),
        ],
        "needs": [
            (
                "taal",
                "Zoekt vrijwilligers die Nederlands spreken en willen oefenen met nieuwkomers",
            ),
        ],
    },
    {
        "name": "Handwerkclub {buurt}",
        "description": "Breien, haken en borduren met een kop koffie. Beginners zijn welkom; "
        "wol is er genoeg.",
        "where": "{centre}, vrijdagmiddag 14:00",
        "slots": ["weekday_afternoon"],
        "offers": [
            ("creatief", "Leren breien en haken in de handwerkclub"),
            ("gezelschap", "Gezellig samen handwerken met een kopje koffie"),
        ],
        "needs": [
            ("creatief", "Zoekt iemand die goed kan haken en breien voor de beginners"),
        ],
    },
    {
        "name": "Digicafé {buurten}",
        "description": "Hulp bij de telefoon, de tablet en de computer, van WhatsApp tot DigiD.",
        "where": "Bibliotheek, woensdagmiddag 14:00",
        "slots": ["weekday_afternoon"],
        "offers": [
            ("computer", "Hulp bij je telefoon, tablet of computer in het digicafé"),
            ("papierwerk", "Samen online formulieren invullen"),
        ],
        "needs": [
            ("computer", "Zoekt vrijwilligers die handig zijn met computers en telefoons"),
        ],
    },
    {
        "name": "Buurtkoor {buurten}",
        "description": "Zingen met buren, van levenslied tot popsong. Geen auditie, wel "
        "gezelligheid.",
        "where": "{centre}, dinsdagavond 19:30",
        "slots": ["weekday_evening"],
        "offers": [
            ("creatief", "Samen zingen in het buurtkoor"),
        ],
        "needs": [
            ("creatief", "Zoekt iemand die piano speelt bij de repetities van het koor"),
        ],
    },
]

# Why a worker proposes a resident match: a sentence per category, then the
# proximity and a closing remark.
WHY = {
    "tuin": [
        "{helper} is graag in de tuin bezig en {seeker} krijgt de tuin niet meer bijgehouden.",
        "{seeker} wil hulp in de tuin en {helper} heeft groene vingers.",
    ],
    "boodschappen": [
        "{helper} doet toch al boodschappen en wil best iets meenemen voor {seeker}.",
        "{seeker} krijgt de boodschappen moeilijk thuis; {helper} helpt daar graag mee.",
    ],
    "vervoer": [
        "{helper} heeft vervoer en tijd; {seeker} komt zonder lift de deur niet uit.",
        "{seeker} zoekt iemand die meegaat of rijdt, en {helper} doet dat graag.",
    ],
    "gezelschap": [
        "{seeker} zit veel alleen thuis en {helper} gaat graag bij iemand op de koffie.",
        "{helper} is een goede luisteraar; {seeker} zou graag wat vaker iemand spreken.",
    ],
    "klussen": [
        "{helper} is handig en {seeker} heeft een klus in huis die al lang blijft liggen.",
        "{seeker} krijgt een klus niet zelf gedaan; {helper} heeft het gereedschap en de tijd.",
    ],
    "computer": [
        "{helper} weet veel van telefoons en computers; {seeker} wil het graag leren.",
        "{seeker} loopt vast met de telefoon of computer en {helper} legt geduldig uit.",
    ],
    "taal": [
        "{seeker} wil Nederlands oefenen en {helper} wil graag taalmaatje zijn.",
        "{helper} praat graag en heeft geduld; precies wat {seeker} zoekt om de taal te leren.",
    ],
    "papierwerk": [
        "{seeker} heeft hulp nodig met de papieren en {helper} is goed in administratie.",
        "{helper} weet de weg in formulieren en brieven; {seeker} ziet er tegenop.",
    ],
    "koken": [
        "{seeker} eet vaak alleen en {helper} kookt graag voor meer mensen.",
        "{helper} kookt graag en wil het best met {seeker} samen doen.",
    ],
    "bewegen": [
        "{seeker} wil meer bewegen maar niet alleen; {helper} gaat graag met iemand mee.",
        "{helper} is sportief en wil {seeker} graag op weg helpen.",
    ],
    "kinderen": [
        "De kinderen van {seeker} kunnen hulp gebruiken en {helper} helpt graag met huiswerk.",
        "{helper} is goed met kinderen; {seeker} zoekt precies dat.",
    ],
    "huisdieren": [
        "{seeker} zoekt hulp met het huisdier en {helper} is dol op dieren.",
        "{helper} past graag op dieren en {seeker} kan die hulp goed gebruiken.",
    ],
    "creatief": [
        "{seeker} wil iets leren maken en {helper} leert het graag aan een ander.",
        "{helper} is creatief en {seeker} zoekt iemand om samen mee te beginnen.",
    ],
    "organiseren": [
        "{seeker} wil iets organiseren voor de buurt en {helper} heeft daar ervaring mee.",
        "{helper} wil graag meehelpen bij een activiteit zoals die van {seeker}.",
    ],
    "overig": [
        "{helper} wil graag iets voor een ander doen en dit past bij {seeker}.",
    ],
}
WHY_PROXIMITY = {
    "same_street": [
        "Ze wonen in dezelfde straat.",
        "Ze wonen een paar deuren van elkaar.",
    ],
    "same_neighbourhood": [
        "Ze wonen in dezelfde buurt, op loopafstand.",
        "Ze wonen vlak bij elkaar in de buurt.",
    ],
    "same_district": [
        "Ze wonen niet ver van elkaar, met de fiets is het zo.",
    ],
    None: [""],
}
WHY_CLOSING = [
    "",
    "",
    "Ik denk dat ze het goed met elkaar kunnen vinden.",
    "Allebei hebben ze aangegeven dat ze hiervoor open staan.",
    "Ik ken ze allebei al een tijd uit de gesprekken.",
    "Misschien kan {seeker} later ook iets voor {helper} betekenen.",
]
# A resident's need met by an initiative.
WHY_INITIATIVE_OFFERS = [
    "{initiative} past bij wat {seeker} zoekt. Waar en wanneer: {where}.",
    "{seeker} zoekt aansluiting en {initiative} is precies dat; de organisatoren willen "
    "{seeker} graag welkom heten.",
    "Bij {initiative} vindt {seeker} mensen die hetzelfde zoeken. Het is vlakbij.",
]
# An initiative's need met by a resident.
WHY_INITIATIVE_NEEDS = [
    "{initiative} zoekt precies wat {helper} graag doet.",
    "{helper} wil graag iets voor de buurt doen; {initiative} kan die hulp goed gebruiken.",
    "{helper} woont vlakbij en heeft tijd; {initiative} zoekt versterking.",
]

FIRST_MEETINGS = [
    "Ik ga met {helper} langs bij {seeker} voor een kop koffie om kennis te maken.",
    "Eerste kennismaking in {centre} tijdens de inloop op dinsdagochtend. Ik ben erbij.",
    "{seeker} vindt het fijn als ik er de eerste keer bij ben; we spreken af bij {seeker} thuis.",
    "Ik bel eerst {helper} en dan {seeker}. Als ze allebei willen, drinken we samen koffie in "
    "{centre}.",
    "Samen een kort rondje door de buurt en daarna koffie bij {seeker}. Ik loop mee.",
    "Ik neem {helper} mee naar {seeker}; daarna spreken ze zelf verder af.",
]
FIRST_MEETINGS_INITIATIVE = [
    "Ik ga de eerste keer met {seeker} mee naar {initiative} ({where}).",
    "Ik stel {seeker} voor aan een van de organisatoren van {initiative} en loop de eerste keer "
    "mee.",
    "Kennismaken met de organisatoren van {initiative} in {centre}; ik ben erbij.",
]

# The plan when an initiative's need is met by a resident.
FIRST_MEETINGS_FOR_INITIATIVE = [
    "Ik neem {member} mee naar {initiative} ({where}) om de organisatoren te ontmoeten.",
    "Eerst koffie met {member} en een van de organisatoren van {initiative} in {centre}.",
]

# Review notes by team leads. Approving needs no note (most have none).
APPROVE_NOTES = [
    "", "", "", "", "Mooie match, succes!", "Goed onderbouwd. Let op dat niemand overvraagd "
    "wordt.", "Akkoord. Plan de eerste check-in niet te laat.",
]  # fmt: skip
SEND_BACK_NOTES = [
    "Is {seeker} al gevraagd of het goed is dat iemand uit de buurt over de vloer komt?",
    "Kun je het plan voor de eerste ontmoeting concreter maken? Wanneer en waar?",
    "Weet {helper} hoeveel tijd dit ongeveer kost? Graag eerst navragen.",
    "Spreken ze een gemeenschappelijke taal? Anders liever eerst samen met een taalcoach.",
    "Graag eerst met {seeker} bespreken of dit echt de eigen wens is.",
]
RESUBMIT_NOTES = [
    "Nagevraagd: {seeker} vindt het prima. Eerste afspraak staat voor volgende week.",
    "Met {helper} besproken: een uur per week past goed.",
    "Plan aangepast: eerste kennismaking in {centre}, ik ben erbij.",
]
REJECT_NOTES = [
    "{helper} heeft al genoeg op het bord; laten we niet te veel vragen.",
    "Dit vraagt eerder professionele hulp. Liever doorverwijzen naar het wijkteam.",
    "Ze wonen te ver van elkaar voor wekelijks contact. Zoek iemand dichterbij.",
    "{seeker} heeft aangegeven liever geen hulp van buren te willen. Eerst opnieuw in gesprek.",
    "Te vroeg: eerst nog een gesprek met {seeker} over wat er precies nodig is.",
]

# For a match with an initiative: {member} is the resident who joins or helps.
RESUBMIT_NOTES_INITIATIVE = [
    "Nagevraagd bij de organisatoren van {initiative}: {member} is welkom.",
    "Met {member} besproken: de tijden van {initiative} passen goed.",
]
SEND_BACK_NOTES_INITIATIVE = [
    "Weet {member} wanneer {initiative} samenkomt, en past dat?",
    "Graag eerst de organisatoren van {initiative} vragen of er nog ruimte is.",
]
REJECT_NOTES_INITIATIVE = [
    "{initiative} zit op dit moment vol; zoek liever iets anders met {member}.",
    "{initiative} komt samen op een moment dat voor {member} niet kan.",
]
END_REASONS_INITIATIVE = {
    "lasting": [
        "{member} is een vaste kracht geworden bij {initiative} en gaat nu zelf.",
        "Het loopt goed: {member} hoort er bij {initiative} helemaal bij.",
    ],
    "stopped": [
        "{member} heeft door werk geen tijd meer voor {initiative}.",
        "{initiative} lag een tijd stil; {member} is niet teruggekomen.",
    ],
    "no_click": [
        "{member} voelde zich niet thuis bij {initiative}.",
        "{initiative} paste niet bij wat {member} zocht.",
    ],
}

END_REASONS = {
    "lasting": [
        "Ze spreken nu zelf af; ik hoef er niet meer bij te zijn.",
        "Het loopt goed. Ze zien elkaar elke week, ook zonder mij.",
        "Vaste afspraak geworden. Ze redden het samen.",
    ],
    "stopped": [
        "{helper} heeft werk gevonden en heeft geen tijd meer.",
        "{helper} is verhuisd naar een andere stad.",
        "De hulp is niet meer nodig; het is opgelost.",
        "{seeker} heeft het nu anders geregeld, via familie.",
    ],
    "no_click": [
        "Ze hadden weinig met elkaar; na twee keer afspreken gestopt.",
        "Het klikte niet. Ze spraken steeds minder af.",
        "De verwachtingen liepen te ver uiteen.",
    ],
}
SEEKER_VIEWS = {
    "lasting": [
        "Blij mee, het is een vriendschap geworden.",
        "Fijn dat er iemand is om op terug te vallen.",
        "Heel tevreden, had dit veel eerder moeten vragen.",
        "",
    ],
    "stopped": [
        "Jammer, maar het was fijn zolang het duurde.",
        "Begrijpt het; houdt af en toe nog contact.",
        "",
    ],
    "no_click": [
        "Het voelde niet vertrouwd.",
        "Had iets anders verwacht.",
        "",
    ],
}
HELPER_VIEWS = {
    "lasting": [
        "Vindt het leuk om te doen en gaat ermee door.",
        "Heeft er een goede buur bij.",
        "Krijgt er zelf ook veel voor terug.",
        "",
    ],
    "stopped": [
        "Had het graag langer gedaan.",
        "Wil later best weer iemand helpen.",
        "",
    ],
    "no_click": [
        "Wil graag een andere match proberen.",
        "Het paste niet, geen probleem.",
        "",
    ],
}

# The demo's residents have no gender (nor should they: the model does not
# ask). Only for the women's group the demo picks members and matches by
# first name, from these women's names of the demo's name lists.
WOMEN = frozenset(
    [
        "Sanne", "Fatima", "Lotte", "Noor", "Fleur", "Anouk", "Iris", "Yasmina", "Marieke",
        "Ingrid", "Wilma", "Ayşe", "Esther", "Femke", "Ilse", "Mirjam", "Nadia", "Hanneke",
        "Saskia", "Eline", "Naima", "Roos", "Priya", "Karin", "Tamara", "Els", "Truus",
        "Gerda", "Annie", "Joke", "Ria", "Bep", "Tineke", "Ans", "Jolanda", "Sandra",
        "Monique", "Linda", "Emma", "Julia", "Tess", "Mila", "Zoë", "Riet", "Corrie", "Greet",
        "Khadija", "Samira", "Ilham", "Houda", "Nora", "Hanane", "Emine", "Fatma", "Elif",
        "Zeynep", "Selin", "Hatice", "Esra", "Katarzyna", "Agnieszka", "Magdalena", "Anna",
        "Joanna", "Marta", "Olena", "Iryna", "Nataliia", "Tetiana", "Yuliia", "Oksana",
        "Rania", "Lina", "Hiba", "Reem", "Dima", "Hodan", "Asha", "Sahra", "Nimco", "Andreea",
        "Elena", "Ioana", "Cristina", "Ana", "Inês", "Sofia", "Beatriz", "Emily", "Sarah",
        "Rachel", "Laura", "Hannah",
    ]
)  # fmt: skip
