"""Word and sentence banks for the municipal document generator (Danish).

Everything here is plain data: names, parties, committees, places, item topics and
paragraph templates. Templates use str.format slots filled by generate.py:
{subject} {dept} {committee} {body} {amount} {amount2} {pct} {date} {date2} {year}
{place} {street} {town} {n} {k} {count} {weeks}.
Sentences are modelled on (and partly taken from) the two KKR seeds and the real-text
excerpts in /work/shared, with names and numbers replaced.
"""

FIRST_NAMES = [
    "Anders", "Anne", "Bente", "Birgitte", "Bo", "Britt", "Carsten", "Charlotte", "Dorthe",
    "Erling", "Flemming", "Frederik", "Grethe", "Hanne", "Hans", "Helle", "Henrik", "Inge",
    "Jakob", "Jens", "Jette", "Karen", "Karsten", "Kim", "Kirsten", "Lars", "Lene", "Lise",
    "Louise", "Mads", "Marianne", "Martin", "Mette", "Mikkel", "Morten", "Niels", "Ole",
    "Per", "Pia", "Rasmus", "Signe", "Søren", "Susanne", "Thomas", "Tina", "Torben", "Ulla",
    "Vibeke", "Åse", "Jørgen", "Bjørn", "Gitte", "Steen", "Finn", "Trine", "Asger",
]
MIDDLE_NAMES = ["", "", "", "", "Møller", "Bøcker", "Lykke", "Stengel", "Vestergaard", "Lunde",
                "Kjær", "Holm", "Bach", "Friis", "Dam"]
LAST_NAMES = [
    "Andersen", "Bech", "Berg", "Christensen", "Dahl", "Eriksen", "Frederiksen", "Hansen",
    "Holm", "Jakobsen", "Jensen", "Jørgensen", "Kjeldsen", "Kristensen", "Larsen", "Lauridsen",
    "Lund", "Madsen", "Mikkelsen", "Mortensen", "Nielsen", "Nissen", "Olsen", "Pedersen",
    "Petersen", "Poulsen", "Rasmussen", "Salling", "Schmidt", "Simonsen", "Sonne", "Sørensen",
    "Thomsen", "Vestergaard", "Østergaard", "Ågaard", "Bødker", "Iversen", "Toft", "Kragh",
    "Eskildsen", "Gade", "Rømer", "Wulff", "Haack",
]
# party letter -> party name (genitive used in group statements)
PARTIES = {
    "A": "Socialdemokratiet", "B": "Radikale Venstre", "C": "Det Konservative Folkeparti",
    "D": "Nye Borgerlige", "F": "SF", "I": "Liberal Alliance", "O": "Dansk Folkeparti",
    "V": "Venstre", "Ø": "Enhedslisten", "Å": "Alternativet", "N": "Borgerlisten",
}

MUNICIPALITIES = [
    # name, town hall town, streets
    ("Haderslev", "Haderslev", ["Gravene", "Simmerstedvej", "Gammel Christiansfeldvej", "Søgårdvej"]),
    ("Brønderslev", "Brønderslev", ["Ny Rådhusplads", "Østergade", "Hjørringvej", "Markedsvej"]),
    ("Fredensborg", "Fredensborg", ["Egevangen", "Jernbanegade", "Helsingørvej", "Kokkedal Stationsvej"]),
    ("Rødovre", "Rødovre", ["Rødovre Parkvej", "Tårnvej", "Islevbrovej", "Roskildevej"]),
    ("Stevns", "Store Heddinge", ["Stevns Klintvej", "Hovedgaden", "Valløbyvej", "Højervej"]),
    ("Køge", "Køge", ["Torvet", "Sdr. Badevej", "Ølbycenter", "Ivar Huitfeldts Vej"]),
    ("Odense", "Odense", ["Flakhaven", "Toldbodgade", "Thomas B. Thriges Gade", "Munkebjergvej"]),
    ("Aarhus", "Aarhus", ["Rådhuspladsen", "Jægergårdsgade", "Rosenkrantzgade", "Randersvej"]),
    ("Herning", "Herning", ["Torvet", "Dalgasgade", "Silkeborgvej", "Fredhøjvej"]),
    ("Slagelse", "Slagelse", ["Rådhuspladsen", "Nytorv", "Ringstedgade", "Sorøvej"]),
    ("Egedal", "Ølstykke", ["Dronning Dagmars Vej", "Stationsvej", "Frederikssundsvej", "Maglevej"]),
    ("Syddjurs", "Ebeltoft", ["Lundbergsvej", "Adelgade", "Rønde Hovedgade", "Skovvej"]),
    ("Roskilde", "Roskilde", ["Rådhusbuen", "Køgevej", "Hyrdehøj", "Ny Østergade"]),
    ("Odsherred", "Nykøbing Sjælland", ["Nyvej", "Algade", "Vig Hovedgade", "Asnæsvej"]),
    ("Vejle", "Vejle", ["Skolegade", "Vestergade", "Dandyvej", "Horsensvej"]),
    ("Silkeborg", "Silkeborg", ["Søvej", "Drewsensvej", "Vestergade", "Frederiksberggade"]),
    ("Hjørring", "Hjørring", ["Springvandspladsen", "Østergade", "Frederikshavnsvej", "Ringvejen"]),
    ("Svendborg", "Svendborg", ["Ramsherred", "Møllergade", "Vestre Ringvej", "Havnepladsen"]),
    ("Holbæk", "Holbæk", ["Kanalstræde", "Ahlgade", "Stenhusvej", "Tuse Næs Vej"]),
    ("Tønder", "Tønder", ["Kongevej", "Vestergade", "Ribelandevej", "Højer Landevej"]),
]

LOCATIONS = [
    "Byrådssalen", "Byrådssalen, Rådhuset", "Mødelokale 1, Rådhuset", "Udvalgsværelse 2",
    "Kommunalbestyrelsessalen", "Mødelokale 3.14", "C3.40", "Rådssalen",
    "Mødelokale Søen, Administrationsbygningen", "Kantinen, Teknisk Forvaltning",
]

# Committees: (name, kind, short code). kind council = the council itself.
COUNCILS = ["Byrådet", "Kommunalbestyrelsen"]
COMMITTEES = [
    "Økonomiudvalget", "Teknik- og Miljøudvalget", "Udvalget for Teknik og Miljø",
    "Kultur- og Idrætsudvalget", "Børne- og Ungeudvalget", "Social- og Sundhedsudvalget",
    "Klima- og Planudvalget", "Beskæftigelsesudvalget", "Plan- og Boligudvalget",
    "Økonomi- og Erhvervsudvalget", "Ældre- og Sundhedsudvalget", "Udvalget for Teknik",
    "Børn og Unge-udvalget", "Kultur- og Fritidsudvalget", "Teknisk Udvalg",
]
DEPARTMENTS = [
    "Teknik- og Miljøforvaltningen", "Økonomiafdelingen", "Børne- og Ungeforvaltningen",
    "Kultur- og Fritidsforvaltningen", "Social- og Sundhedsforvaltningen",
    "Administrationen", "Direktionen", "Plan og Byg", "Borgerservice og Digitalisering",
]
BOARDS = [
    "bestyrelsen for Movia", "Ældrerådet", "Folkeoplysningsudvalget", "Handicaprådet",
    "bestyrelsen for Erhvervshus Sjælland", "repræsentantskabet for Vestforbrænding",
    "Grønt Råd", "bestyrelsen for den selvejende institution Kulturhuset",
]
AREAS = [
    "boligområdet ved Søgårdvej", "erhvervsområdet ved Gammel Christiansfeldvej",
    "Promenadebyen/Toldbodgade", "centerområdet i Hoptrup", "Risskov Engby",
    "etageboliger ved Stationsvej", "børnehaven ved Skovvej", "idrætsanlægget i Marstrup",
    "landsbyen Valløby", "havnefronten syd", "Kokkedal Nord", "Hyrdehøj Øst",
]
BUILDINGS = [
    "Hjortebroskolens tag", "svømmehallen i Hoptrup", "Rådhusets kantine", "Kulturhuset",
    "Vestre Skole", "plejecenter Solgården", "biblioteket i Ølstykke", "Idrætscenter Syd",
    "daginstitutionen Mælkebøtten", "Byens Hus",
]
CLUBS = ["Hoptrup Boldklub", "Ølstykke FC", "Kokkedal Tennisklub", "Rødovre Svømmeklub",
         "Store Heddinge Gymnastikforening", "Marstrup Idrætsforening"]
ASSOCIATIONS = ["Haderslev Andels Boligforening", "Boligselskabet Fruehøjgaard",
                "Egedal Boligforening", "Andelsboligforeningen Toften", "Boligforeningen Vestbo"]
SERVICES = ["hjemmepleje", "dagpleje og daginstitutioner", "affaldshåndtering",
            "musikskolen", "madservice", "SFO og klub", "vintertjeneste"]
CARE_SERVICES = ["hjemmepleje", "madservice", "rehabilitering", "praktisk hjælp", "træning efter serviceloven"]
CHILD_SERVICES = ["dagpleje og daginstitutioner", "SFO og klub", "musikskolen", "skolernes madordning"]

# ---------------------------------------------------------------------------------------
# Item topics. Each: key, titles (format templates), kind (decide/orient/routine/proposal/
# closed), section text hooks (subject phrase, purpose).

TOPICS = [
    {"key": "lokalplan", "kind": "decide",
     "titles": ["Lokalplan {n} for {area} – endelig vedtagelse",
                "Forslag til lokalplan {n}, {area}",
                "Endelig vedtagelse af tillæg {k} til lokalplan {n} og tillæg {k2} til Kommuneplan {year}"],
     "subject": "lokalplan {n} for {area}"},
    {"key": "kommuneplan", "kind": "decide",
     "titles": ["Forslag til tillæg {k} til Kommuneplan {year} – udsendelse i høring",
                "Kommuneplan {year}-{year4} – godkendelse af forslag"],
     "subject": "tillæg {k} til Kommuneplan {year}"},
    {"key": "anlaeg", "kind": "decide",
     "titles": ["Anlægsbevilling vedr. renovering af {building}",
                "Frigivelse af anlægsmidler til {building}",
                "Anlægsregnskab for {building}"],
     "subject": "renoveringen af {building}"},
    {"key": "budget", "kind": "decide",
     "titles": ["2. behandling af budget {year}-{year3}", "1. behandling af budget {year}-{year3}",
                "Budgetprocedure for budget {year}-{year3}"],
     "subject": "budget {year}-{year3}"},
    {"key": "regnskab", "kind": "decide",
     "titles": ["Regnskab {yearm1} – overførsel af mer-/mindreforbrug",
                "Overførsel af uforbrugte driftsmidler fra {yearm1} til {year}",
                "Lånoptagelse på grundlag af regnskab {yearm1}"],
     "subject": "regnskabet for {yearm1}"},
    {"key": "takster", "kind": "decide",
     "titles": ["Takster for {service} {year}", "Fastlæggelse af forældrebetaling for {child_service} {year}",
                "Fastlæggelse af elev- og forældrebetalingen for musikskoleåret {year}/{year1}"],
     "subject": "taksterne for {service}"},
    {"key": "revision", "kind": "orient",
     "titles": ["Revisionsberetning nr. {k} for {yearm1}", "Kommunernes Revision – tiltrædelsesprotokollat"],
     "subject": "revisionsberetningen for {yearm1}"},
    {"key": "skole", "kind": "decide",
     "titles": ["Skolestruktur i {town} – høringssvar", "Faciliteter til undervisning og fritid på {building}",
                "Ungdomsuddannelsen for unge med særlige behov"],
     "subject": "skolestrukturen i {town}"},
    {"key": "trafik", "kind": "decide",
     "titles": ["Trafiksikkerhedsplan {year}-{year4}", "Trafikal fredeliggørelse af {street}",
                "Parkeringsredegørelse {yearm1}"],
     "subject": "trafiksikkerheden på {street}"},
    {"key": "affald", "kind": "decide",
     "titles": ["Affaldsplan {year}-{year10} – endelig vedtagelse", "Ny ordning for indsamling af madaffald"],
     "subject": "affaldsplanen"},
    {"key": "klima", "kind": "orient",
     "titles": ["Klimahandleplan – status {year}", "DK2020 – tværkommunal organisering af klimaindsatsen",
                "Fælles klimaindsats i {region}"],
     "subject": "klimahandleplanen"},
    {"key": "aeldre", "kind": "decide",
     "titles": ["Kvalitetsstandard for {care_service} {year}", "Ældrepolitik {year}-{year4}",
                "Sundhedspolitikken i {muni} Kommune"],
     "subject": "kvalitetsstandarden for {care_service}"},
    {"key": "idraet", "kind": "decide",
     "titles": ["Tilskud til {club} – ny kunstgræsbane", "Anlægstilskud til {club}"],
     "subject": "tilskuddet til {club}"},
    {"key": "forslag", "kind": "proposal",
     "titles": ["Forslag fra {party_name} om gratis busser for unge under 18 år",
                "Forslag fra {party_name} om balance i byrådsmøder",
                "Forslag fra {party_name} om flere grønne områder i {town}"],
     "subject": "forslaget fra {party_name}"},
    {"key": "medlemsforslag", "kind": "proposal",
     "titles": ["Medlemsforslag om nedsættelse af hastigheden på {street}",
                "Medlemsforslag om etablering af en ungdomsskole i {town}",
                "Forslag om flere midler til vedligeholdelse af {building}"],
     "subject": "medlemsforslaget"},
    {"key": "udpegning", "kind": "decide",
     "titles": ["Udpegning af medlem til {board}", "Fritagelse / genbesættelse af udvalgsposter",
                "Valg af næstformand for {committee}"],
     "subject": "udpegningen til {board}"},
    {"key": "boligforening", "kind": "decide",
     "titles": ["{assoc} – låneoptagelse og huslejeforhøjelse i afdeling {n}",
                "Skema B for {assoc}, afdeling {n}"],
     "subject": "låneoptagelsen i {assoc}"},
    {"key": "kalender", "kind": "decide",
     "titles": ["Politisk mødekalender {year}", "Praksis for udsendelse af dagsordener til udvalg og byråd"],
     "subject": "mødekalenderen for {year}"},
    {"key": "vand", "kind": "decide",
     "titles": ["Indsatsplan for grundvandsbeskyttelse i {town}", "Spildevandsplan {year}-{year10} – høring"],
     "subject": "indsatsplanen for grundvandsbeskyttelse"},
    {"key": "bus", "kind": "orient",
     "titles": ["Køreplan for bybusserne {year}", "Trafikbestilling {year} hos Movia"],
     "subject": "køreplanen for bybusserne"},
    {"key": "erhverv", "kind": "orient",
     "titles": ["Status på erhvervsområdet {year}", "Erhvervshusets resultater for {yearm1}",
                "Vækst Via Viden 2.0"],
     "subject": "erhvervsindsatsen"},
    {"key": "social", "kind": "decide",
     "titles": ["Udkast til Socialaftale {year}-{year1}", "Socialtilsynets budget for {year}",
                "Flygtningefordeling {year}"],
     "subject": "socialaftalen"},
]

ROUTINE = {
    "dagsorden": ["Godkendelse af dagsorden", "Dagsorden - Godkendelse"],
    "referat": ["Godkendelse af referat"],
    "meddelelser": ["Meddelelser", "Meddelelser fra formanden", "Orientering fra borgmesteren"],
    "eventuelt": ["Eventuelt"],
    "sporgetid": ["Spørgetid for borgerne", "Spørgetid for byrådsmedlemmer"],
    "fravaer": ["Fraværende", "Bemærkninger/ændringer til dagsordenen"],
    "stedfortraeder": ["Godkendelse af indkaldte stedfortrædere"],
}

CLOSED_TITLES = [
    "Salg af grund på {street} {n}", "Køb af ejendom, {street} {n}", "Personalesag",
    "Udbud af rengøring – valg af leverandør", "Erstatningssag vedrørende {building}",
    "Lejekontrakt for {building}", "Genudlejning af erhvervslejemål på {street}",
    "Forlængelse af kontrakt om vintertjeneste", "Ansættelse af direktør for {dept}",
    "Tilbud på byggemodning af {area}",
]

# ---------------------------------------------------------------------------------------
# Paragraph templates by section role.

P_RESUME = [
    "{dept} fremlægger forslag om {subject} til politisk behandling.",
    "Sagen forelægges {committee} med henblik på beslutning om {subject}.",
    "Formålet med sagen er at give et samlet overblik over {subject} og de økonomiske konsekvenser for kommunen.",
    "Kommunalbestyrelsen vedtog på mødet den {date2} at sende forslaget i offentlig høring. Forslaget indstilles nu til endelig vedtagelse.",
    "Til orientering kan det oplyses, at {subject} er behandlet i direktionen den {date2}.",
    "Der skal tages stilling til {subject}, som har været drøftet på temamødet den {date2}.",
]
P_SAGSFREMSTILLING = [
    "Forslaget har været fremlagt i offentlig høring i {weeks} uger, fra den {date2} til den {date3}.",
    "I høringsperioden er der kommet {count} høringssvar. Høringssvarene har ikke givet anledning til ændringer i forslaget.",
    "Formålet med {subject} er at lempe, opdatere og præcisere en del af de gældende bestemmelser.",
    "Der er foretaget en præcisering af det, som i forslaget blev kaldt ungeboliger, som nu kaldes små boliger. Derudover er der foretaget konsekvensrettelser og redaktionelle rettelser.",
    "Det følger af styrelseslovens § 2, at kommunens anliggender styres af {body}.",
    "Budgettet for {year} medfører et fald på 3,3 pct., eller 1.155.213 kr., i forhold til det foregående år.",
    "Den nuværende 2-årige aftale udløber med udgangen af {year}. Der er derfor behov for at tage stilling til den videre proces.",
    "Kommuner og region har i perioden fulgt udviklingen tæt og haft fokus på, at borgerne får de rigtige tilbud med henblik på at blive mere selvhjulpne.",
    "Sagen giver en status for {subject} og skitserer det videre arbejde frem mod sommerferien.",
    "{dept} vurderer, at projektet kan gennemføres inden for den afsatte ramme, og at anlægsarbejdet kan påbegyndes i {season} {year}.",
    "Der har været afholdt et borgermøde den {date2} med deltagelse af ca. {count2} borgere, hvor forslaget blev præsenteret og drøftet.",
    "Projektet omfatter udskiftning af tagbelægning, nye vinduer og energirenovering af klimaskærmen. Arbejdet udføres i etaper, så driften kan fortsætte i hele perioden.",
    "Administrationen har indhentet tilbud fra tre rådgivere. Det økonomisk mest fordelagtige tilbud er afgivet af en lokal rådgiver.",
    "Byrådet besluttede på mødet den {date2}, at udgifterne på området skulle sænkes med 2 pct. i {yearm1} og i alt med 5 pct. i {year}.",
    "Analysen viser, at der er sket en reduktion i udgifterne på både dag- og døgnområdet for voksne, mens der har været en mindre stigning på døgnområdet for børn.",
    "Der er ikke indkommet bemærkninger til det udsendte materiale, og forvaltningen anbefaler derfor, at sagen fremmes uændret.",
    "Sagen har været drøftet i MED-hovedudvalget den {date2}, som ikke havde bemærkninger.",
    "Ændringen betyder, at ca. {count2} husstande fremover får hentet affald hver 14. dag i stedet for hver uge.",
]
SUBHEADINGS = ["Den indledende proces", "Høringsperioden", "Den videre proces", "Formål med forslaget",
               "Status på området", "Vurdering"]
LIST_ITEMS = [
    "Status på erhvervsområdet", "Resultaterne for det seneste år", "Indsatser i forbindelse med krisen",
    "Udskiftning af vinduer og døre", "Ny belysning på stier og fortove", "Etablering af cykelsti langs {street}",
    "Flere pladser i dagtilbud", "Styrket samarbejde med de frivillige foreninger",
    "Den samlede opgaveportefølje er blevet mindre", "Antallet af sager er opjusteret fra 51 til 70",
    "Indregning af overført overskud på 1,3 mio. kr.", "Opfølgning på handleplanen hvert halve år",
    "Digital selvbetjening for borgerne", "Ændret åbningstid i weekenden",
]
P_INDSTILLING_INTRO = [
    "{dept} indstiller,", "{dept} indstiller, at {committee} anbefaler over for {council},",
    "Det indstilles, at {committee}:", "Borgmesteren indstiller,",
    "Direktionen indstiller, at {committee} beslutter,",
]
AT_LINES = [
    "at {subject} godkendes",
    "at forslaget vedtages endeligt med de ændringer, der fremgår af sagsfremstillingen",
    "at der gives en anlægsbevilling på {amount} kr. til projektet",
    "at udgiften finansieres af den afsatte rådighedsramme for {year}",
    "at orienteringen tages til efterretning",
    "at forvaltningen bemyndiges til at foretage redaktionelle ændringer",
    "at sagen sendes i offentlig høring i {weeks} uger",
    "at taksterne for {year} godkendes som beskrevet i sagen",
    "at {committee} drøfter sagen og kommer med eventuelle bemærkninger",
]
P_INDSTILLING_SINGLE = [
    "Det indstilles, at {committee} tager orienteringen til efterretning.",
    "Det indstilles, at dagsordenen godkendes.",
    "Det indstilles, at referatet fra mødet den {date2} godkendes.",
    "Det indstilles, at {committee} drøfter sagen.",
]
P_OKONOMI = [
    "Den samlede anlægsudgift er opgjort til {amount} kr., som finansieres af den afsatte rådighedsramme.",
    "Taksten stiger med {pct} % fra {yearm1} til {year}, svarende til {amount2} kr. årligt for en gennemsnitlig husstand.",
    "Sagen har ingen økonomiske konsekvenser for {muni} Kommune.",
    "Merudgiften på {amount2} kr. i {year} foreslås finansieret af kassebeholdningen.",
    "Udgiften afholdes inden for det eksisterende budget. Der forventes et mindreforbrug på {pct} % i {year}.",
]
P_LOVGRUNDLAG = [
    "Sagen behandles efter lov om planlægning, jf. lovbekendtgørelse nr. 1157 af 1. juli 2020, §§ 24 og 27.",
    "Lov om kommunernes styrelse § 18 og § 20.",
    "Lov om social service § 83 og § 86.",
    "Folkeskolelovens § 24 og bekendtgørelse om styrelsen af folkeskolen.",
]
P_HORING = [
    "Forslaget har været sendt i høring hos de berørte råd og foreninger. Der er modtaget {count} høringssvar, som er samlet i et høringsnotat.",
    "Ældrerådet og Handicaprådet har haft sagen i høring og har ingen bemærkninger.",
    "Der er ikke gennemført høring i sagen.",
]
P_PERSONALE = ["Ingen.", "Sagen har ingen personalemæssige konsekvenser.",
               "Ændringen medfører en reduktion på 2,5 fuldtidsstillinger, som forventes gennemført ved naturlig afgang."]
P_EFFEKT = ["Sagen har ingen konsekvenser for et eller flere af byrådets otte effektmål.",
            "Indsatsen forventes at bidrage til målet om, at flere unge gennemfører en ungdomsuddannelse.",
            "Sagen understøtter målet om en reduktion af CO2-udledningen på 70 % i 2030."]
P_SAGSFORLOB = ["{c1} – {c2} – BY", "BY", "{c1} den {date2}, pkt. {k}"]
P_KOMPETENCE = ["Byrådet.", "Økonomiudvalget.", "KB", "ØU", "Udvalget."]
P_PAATEGNING = ["Borgmesterens Afdeling har ingen bemærkninger til sagen.",
                "Borgmesterens Afdeling kan anbefale indstillingen. Finansieringen er afklaret med Økonomiafdelingen."]
P_SUPPLERENDE = ["Efter Magistratens behandling af sagen er der modtaget en henvendelse fra grundejerforeningen, som er vedlagt som bilag.",
                 "Siden sagen blev behandlet i udvalget, er tidsplanen blevet justeret, så anlægsarbejdet først påbegyndes efter sommerferien."]
P_BESLUTNINGSPUNKTER = ["At 1) {subject} godkendes.", "At 2) forvaltningen bemyndiges til at gennemføre projektet.",
                        "At 3) udgiften finansieres som beskrevet i sagen."]
P_BAGGRUND = [
    "Godkendelse af dagsorden til {committee}s møde den {date}.",
    "Godkendelse af referatet fra møde i {committee} den {date2}.",
    "Sagen giver en status i forhold til {subject} og skitserer det videre arbejde.",
    "Med rammeaftalen blev det besluttet, at der skal udmøntes en udgiftsreduktion på 5 pct. i {year} sammenlignet med {yearm4}-niveauet.",
]
P_ROUTINE = {
    "dagsorden": ["Dagsordenen er udsendt den {date3}."],
    "referat": ["Referatet er udsendt den {date2}. Der er ikke indkommet bemærkninger til det udsendte referat."],
    "meddelelser": ["Der er ingen meddelelsespunkter.", "Formanden orienterer om aktuelle sager."],
    "eventuelt": ["Punktet giver mulighed for at drøfte emner, der ikke er på dagsordenen."],
    "sporgetid": ["Spørgetid for borgerne afholdes umiddelbart før mødet. Der var ikke modtaget skriftlige spørgsmål."],
    "fravaer": ["Der er afbud fra {absent}."],
    "stedfortraeder_ind": ["Det indstilles, at de indkaldte stedfortrædere godkendes."],
    "stedfortraeder": ["Det fremgår af styrelsesloven, at det er Byrådet, der træffer beslutning om, hvorvidt betingelserne for indkaldelse af stedfortræder er til stede.",
                       "1. stedfortræder på liste {p}, {sub}, er derfor indkaldt til mødet."],
}

ATTACHMENT_TITLES = [
    "Revisionsberetning nr. 3 for {yearm1}", "Opsamlingsnotat. Temamøde 20.09.{yearm1}",
    "Tilbud fra entreprenør", "Lokalplanforslag {n}", "Høringssvar fra Bygningsstyrelsen",
    "Budgetoversigt {year}-{year3}", "Kortbilag – lokalplanområdet", "Miljøscreening",
    "Notat om trafiktælling", "Oversigt over høringssvar", "Kommissorium for arbejdsgruppen",
    "Takstoversigt {year}", "Tidsplan for projektet", "Bevillingsoversigt",
    "Høringsnotat", "Udkast til samarbejdsaftale", "Skitseprojekt", "Anlægsoverslag",
]
ATTACHMENT_FILES = [
    "Arbejdsplan_{year}.pdf", "Takstblad_{year}.pdf", "Regnskab_{yearm1}_endelig.pdf",
    "bilag_{k}_-_forslag_til_kommuneplan_{year}_0.pdf", "Hoeringsnotat_lokalplan_{n}.pdf",
    "Kortbilag_{area_slug}.pdf", "Budgetforlig_{year}.pdf", "Notat_trafiktaelling.pdf",
    "bilag_{k}_-_miljoevurdering_{year}_0.pdf",
]
