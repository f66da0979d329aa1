"""What the demo's signals say: questions and the advice given, per kind of approach (Dutch, synthetic).

Every text speaks of "betrokkene", "een jongere", "een gezin": no names, addresses, dates of birth or numbers, so
any of them may stand in an anonymous advice (which holds no personal data). `{age}` is filled in with an age.
Each consultation is a question with the advice that answers it and the outcome that advice amounts to. How many
signals an approach gets and from whom is the generator's (`signals_csv.signal_profile`); `topic` says what they
are about.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Consultation:
    question: str
    advice: str
    outcome: str  # advies, doorverwezen or geen_actie (an aanmelding is written by demo_signals itself)


RADICALISATION = (
    Consultation(
        "Jongere ({age}) deelt in een groepsapp filmpjes van een extremistische beweging en zegt dat geweld soms "
        "nodig is. De ouders lijken het niet te zien. Moeten we dit melden en wat kunnen we zelf doen?",
        "Geadviseerd het gesprek met de jongere aan te gaan vanuit nieuwsgierigheid, niet vanuit veroordeling, en de "
        "ouders erbij te betrekken. Signalen met datum vastleggen en over twee weken terugkoppelen; bij uitingen "
        "over concrete plannen direct de politie bellen.",
        "advies",
    ),
    Consultation(
        "Na een conflict op het werk uit betrokkene ({age}) online steeds vaker haat tegen de overheid en volgt hij "
        "complotkanalen. Een collega maakt zich zorgen over dreigende taal.",
        "Besproken welke uitingen strafbaar kunnen zijn. Advies: uitingen met datum vastleggen, de leidinggevende "
        "informeren en de wijkagent vragen een verkennend gesprek te voeren. Terugbellen na dat gesprek.",
        "advies",
    ),
    Consultation(
        "Betrokkene ({age}) heeft zich de laatste maanden sterk teruggetrokken, breekt met vrienden en zegt dat "
        "alleen zijn nieuwe groep de waarheid kent. De familie vraagt waar zij terecht kan.",
        "Doorverwezen naar de familieondersteuning van het landelijk steunpunt extremisme en het sociaal wijkteam; de "
        "familie kan daar ook zelf contact opnemen. Geen aanwijzingen voor acuut gevaar.",
        "doorverwezen",
    ),
    Consultation(
        "Een jongere ({age}) tekent hakenkruizen in schriften en verheerlijkt aanslagen op internetfora. De school wil "
        "weten of dit een melding waard is.",
        "Advies: gesprek met de jongere en de ouders, de contactpersoon radicalisering van de school inschakelen en de "
        "signalen bundelen. Over vier weken opnieuw bespreken; eerder bellen als de uitingen concreter worden.",
        "advies",
    ),
    Consultation(
        "Hoe herken je het verschil tussen een uitgesproken mening en radicalisering bij een jongvolwassene ({age}) "
        "die zich fel uitlaat over de overheid?",
        "Uitleg gegeven over signalen (isolement, wij-zij-denken, het rechtvaardigen van geweld) en het belang van in "
        "gesprek blijven. Verwezen naar de training voor professionals van het steunpunt.",
        "advies",
    ),
    Consultation(
        "Betrokkene ({age}) is na een veroordeling voor een terroristisch misdrijf vrijgekomen en zoekt contact met "
        "oude contacten. Is er al een afspraak over toezicht?",
        "Bevestigd dat er reclasseringstoezicht loopt; de melder is in contact gebracht met de toezichthouder. Geen "
        "verdere actie van het Zorg- en Veiligheidshuis nodig.",
        "geen_actie",
    ),
    Consultation(
        "Betrokkene ({age}) met psychiatrische problematiek uit dreigementen tegen een politicus op sociale media. De "
        "behandelaar twijfelt of het beroepsgeheim doorbroken mag worden.",
        "Het afwegingskader beroepsgeheim doorgenomen. Advies: overleg met de eigen functionaris gegevensbescherming; "
        "bij een concrete dreiging is melden bij de politie gerechtvaardigd. Voor de zorgkant doorverwezen naar de "
        "aanpak onbegrepen gedrag.",
        "doorverwezen",
    ),
    Consultation(
        "Een jongere ({age}) verzuimt al weken van school; klasgenoten zeggen dat hij het heeft over vertrekken naar "
        "een strijdgebied. Wat nu?",
        "Gezien het mogelijke uitreisrisico direct afgestemd met de politie. Advies aan de melder: de leerplicht "
        "inschakelen en nieuwe signalen meteen doorgeven; het Zorg- en Veiligheidshuis belt binnen een week terug.",
        "advies",
    ),
)

TOP_X = (
    Consultation(
        "Betrokkene ({age}) is de afgelopen maanden meerdere keren aangehouden voor woninginbraken in dezelfde wijk. "
        "Er lijkt geen hulpverlening te zijn. Is een persoonsgerichte aanpak mogelijk?",
        "De criteria voor Top X besproken. Advies: eerst informatie over lopende justitiële trajecten en schulden "
        "verzamelen; als meer dan één keten nodig is, aanmelden.",
        "advies",
    ),
    Consultation(
        "Woonoverlast en intimidatie van buren door betrokkene ({age}); de woningcorporatie overweegt het huurcontract "
        "te ontbinden. Hoe kunnen zorg en veiligheid samen optrekken?",
        "Doorverwezen naar het buurtteam en de wijkagent voor een gezamenlijk huisbezoek; terugkoppeling na het "
        "bezoek afgesproken.",
        "doorverwezen",
    ),
    Consultation(
        "Jongvolwassene ({age}) uit een bekende groep lijkt betrokken bij drugshandel en heeft geen dagbesteding. De "
        "moeder heeft de gemeente om hulp gevraagd.",
        "Advies: trajectbegeleiding via werk en inkomen aanbieden en bij de reclassering navragen welke afspraken er "
        "lopen. Over drie weken opnieuw contact.",
        "advies",
    ),
    Consultation(
        "Betrokkene ({age}) komt binnenkort vrij na een detentie van acht maanden. Er is geen woonplek en geen "
        "inkomen geregeld.",
        "Doorverwezen naar de re-integratiecoördinator voor ex-gedetineerden van de gemeente; de nazorg loopt daar. "
        "Geen casusregie nodig.",
        "doorverwezen",
    ),
    Consultation(
        "De melder twijfelt of een reeks incidenten (vernieling, bedreiging van een buschauffeur) bij betrokkene "
        "({age}) genoeg is voor een aanmelding.",
        "Samen de vier criteria doorgelopen: de problemen spelen op één leefgebied en er is één keten betrokken. "
        "Advies: eerst de lopende hulpverlening aanspreken; geen aanmelding.",
        "geen_actie",
    ),
    Consultation(
        "Betrokkene ({age}) houdt zich niet aan de voorwaarden van het toezicht en is uit beeld bij de "
        "verslavingszorg.",
        "Advies: de toezichthouder vragen de voorwaarden met het OM te bespreken en de verslavingszorg opnieuw te "
        "benaderen. Terugbellen na dat overleg.",
        "advies",
    ),
    Consultation(
        "Betrokkene ({age}) pleegt sinds het verlies van zijn woning weer winkeldiefstallen en slaapt wisselend bij "
        "kennissen. De wijkagent ziet hem dagelijks in het winkelcentrum.",
        "Advies: via de maatschappelijke opvang een slaapplek regelen en de schuldhulpverlening inschakelen. Als de "
        "diefstallen doorgaan, opnieuw bellen: dan komt een aanmelding in beeld.",
        "advies",
    ),
    Consultation(
        "Een oud-cliënt ({age}) van wie het traject vorig jaar is afgesloten, is opnieuw aangehouden voor geweld. Moet "
        "hij opnieuw worden aangemeld?",
        "Nagegaan wat er sinds de afsluiting is gebeurd. Advies: eerst de lopende reclasseringsafspraken opvragen; bij "
        "een nieuwe reeks incidenten aanmelden, met verwijzing naar het eerdere traject.",
        "advies",
    ),
    Consultation(
        "Betrokkene ({age}) wordt bedreigd door een rivaliserende groep en is zelf ook bij geweld betrokken. De "
        "familie vraagt om hulp bij verhuizen.",
        "Doorverwezen naar de politie voor een inschatting van de dreiging en naar de woningcorporatie voor een "
        "urgentieaanvraag. Geen casusregie zolang dat loopt.",
        "doorverwezen",
    ),
    Consultation(
        "De melder wil weten welke informatie hij over betrokkene ({age}) mag delen met de andere partners in het "
        "casusoverleg.",
        "Uitgelegd dat in het casusoverleg alleen gegevens worden gedeeld die nodig zijn voor het doel, op grond van "
        "het convenant. Verwezen naar de privacyfunctionaris van de eigen organisatie.",
        "geen_actie",
    ),
)

YOUTH = (
    Consultation(
        "Jongere ({age}) is betrokken bij een reeks straatroven en verzuimt al maanden van school. De ouders staan "
        "machteloos.",
        "Advies: leerplicht en jeugdteam laten samenwerken en nagaan of de jeugdreclassering betrokken is. Bij nieuwe "
        "delicten aanmelden bij Top X Jeugd.",
        "advies",
    ),
    Consultation(
        "Zorgen over een jongere ({age}) die door oudere jongens wordt ingezet als loopjongen voor drugs.",
        "Doorverwezen naar de aanpak ondermijning voor jongeren en het jeugdteam; het signaal is gedeeld met de "
        "wijkagent.",
        "doorverwezen",
    ),
    Consultation(
        "Jongere ({age}) draagt volgens klasgenoten een mes bij zich en heeft op sociale media een andere jongere "
        "bedreigd.",
        "Direct contact met de politie geadviseerd en daarnaast een gesprek met de ouders over de zorgen. Over een "
        "week terugkoppelen.",
        "advies",
    ),
    Consultation(
        "Kan een jongere ({age}) met een lopende ondertoezichtstelling ook in het casusoverleg besproken worden?",
        "Uitgelegd dat de jeugdbeschermer de regie heeft; advies om eerst met de gecertificeerde instelling af te "
        "stemmen. Geen actie van het Zorg- en Veiligheidshuis.",
        "geen_actie",
    ),
)

CONFUSED_BEHAVIOUR = (
    Consultation(
        "Betrokkene ({age}) loopt verward over straat, schreeuwt tegen voorbijgangers en is deze week drie keer door "
        "de politie opgehaald. Er is geen behandelaar in beeld.",
        "Advies: via de GGD een beoordeling laten doen en bespreken of een zorgmachtiging nodig is. Over de stand van "
        "zaken belt het Zorg- en Veiligheidshuis morgen terug.",
        "advies",
    ),
    Consultation(
        "Buren melden dat betrokkene ({age}) dreigt de woning in brand te steken; er is een voorgeschiedenis van "
        "psychoses.",
        "Doorverwezen naar de crisisdienst en de wijkagent; de melder is gevraagd nieuwe incidenten meteen bij de "
        "politie te melden.",
        "doorverwezen",
    ),
    Consultation(
        "Betrokkene ({age}) weigert zorg, de woning vervuilt en er is een huurachterstand. De woningcorporatie vraagt "
        "wat mogelijk is voordat het tot een ontruiming komt.",
        "Advies: met het sociaal wijkteam een bemoeizorgtraject starten en de corporatie vragen de ontruiming aan te "
        "houden. Over twee weken opnieuw contact.",
        "advies",
    ),
    Consultation(
        "Hoe te handelen bij iemand ({age}) met onbegrepen gedrag die na ontslag uit een kliniek geen vervolgzorg "
        "heeft?",
        "Besproken dat de kliniek verantwoordelijk is voor de overdracht; advies de behandelaar daarop aan te "
        "spreken. Geen aanmelding.",
        "geen_actie",
    ),
)

DOMESTIC_VIOLENCE = (
    Consultation(
        "In een gezin met drie kinderen zijn in een halfjaar vier meldingen van huiselijk geweld gedaan; de "
        "hulpverlening komt niet binnen.",
        "Advies: eerst met Veilig Thuis afstemmen over de lopende onderzoeken en daarna bespreken of het gezin voor "
        "MDA++ in aanmerking komt.",
        "advies",
    ),
    Consultation(
        "Na een tijdelijk huisverbod is de vader weer thuis en zijn er opnieuw ruzies; de kinderen zijn bang. Wat is "
        "er nodig?",
        "Doorverwezen naar Veilig Thuis voor een veiligheidsplan; afgesproken dat de melder over een week laat weten "
        "of er contact is geweest.",
        "doorverwezen",
    ),
    Consultation(
        "Een ouder wil los uit een relatie met dwingende controle en vraagt welke mogelijkheden er zijn.",
        "Informatie gegeven over Veilig Thuis en de opvang; advies om samen met de huisarts een veiligheidsplan te "
        "maken.",
        "advies",
    ),
    Consultation(
        "Een gezin met schulden en verslaving bij beide ouders; de school ziet verwaarlozing van de jongste kinderen.",
        "Advies: een zorgmelding bij Veilig Thuis doen en het lokale team vragen een gezinsplan op te stellen. Geen "
        "MDA++ zolang er geen sprake is van geweld.",
        "geen_actie",
    ),
)

LIFELONG = (
    Consultation(
        "Betrokkene ({age}) met een licht verstandelijke beperking en een verslaving valt steeds opnieuw uit "
        "zorgtrajecten en pleegt dan winkeldiefstallen.",
        "Advies: onderzoeken of de Levensloopaanpak past; eerst een overzicht van de eerdere trajecten maken. Over "
        "drie weken opnieuw bespreken.",
        "advies",
    ),
    Consultation(
        "Een beschermd-wonenlocatie kan betrokkene ({age}) na agressie tegen medewerkers niet langer huisvesten. Er is "
        "geen alternatief.",
        "Doorverwezen naar de regionale plaatsingstafel; het Zorg- en Veiligheidshuis sluit aan bij dat overleg.",
        "doorverwezen",
    ),
    Consultation(
        "Gelden de afspraken uit een eerder traject nog nu betrokkene ({age}) naar een andere gemeente is verhuisd?",
        "Uitgelegd dat de afspraken meegaan; de nieuwe gemeente is via de eigen contactpersoon geïnformeerd. Geen "
        "verdere actie.",
        "geen_actie",
    ),
)

# The advice recorded on a signal that became a registration.
TO_REGISTRATION = (
    "Met de melder de vier criteria doorgelopen; die lijken van toepassing. Omgezet in een aanmelding voor "
    "{approach}; de triage volgt."
)


@dataclass(frozen=True)
class Topic:
    consultations: tuple[Consultation, ...]
    ages: tuple[int, int]  # the age of whom a signal is about (of a household: its parents)


TOPICS = {  # by approach code or parent code (the Utrecht reference data)
    "radicalisering-stad": Topic(RADICALISATION, (14, 45)),
    "radicalisering-oost": Topic(RADICALISATION, (14, 45)),
    "radicalisering-west": Topic(RADICALISATION, (14, 45)),
    "topx": Topic(TOP_X, (18, 55)),
    "topx-jeugd": Topic(YOUTH, (12, 21)),
    "topx-ogg": Topic(CONFUSED_BEHAVIOUR, (18, 75)),
    "levensloop": Topic(LIFELONG, (25, 65)),
    "mda": Topic(DOMESTIC_VIOLENCE, (25, 50)),
}


def topic(code: str, parent: str, unit: str) -> Topic:
    """The topic of an approach: its own, its parent's, or by unit (a household's: domestic violence)."""
    for key in (code, parent):
        if key in TOPICS:
            return TOPICS[key]
    return TOPICS["mda"] if unit == "system" else TOPICS["topx"]
