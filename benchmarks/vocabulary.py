"""Words the synthetic corpus is made of: names in Russian, titles, topics, filler text."""

FIRST_NAMES = (
    "Александр", "Алексей", "Анатолий", "Андрей", "Борис", "Вадим", "Валерий", "Виктор",
    "Владимир", "Григорий", "Дмитрий", "Евгений", "Игорь", "Константин", "Леонид", "Максим",
    "Михаил", "Николай", "Олег", "Павел", "Пётр", "Роман", "Сергей", "Станислав", "Юрий",
    "Анна", "Валентина", "Елена", "Ирина", "Мария", "Наталья", "Ольга", "Татьяна",
)
SURNAMES = (
    "Абрамов", "Белов", "Васильев", "Голованов", "Громов", "Данилов", "Егоров", "Жуков",
    "Зайцев", "Ильин", "Ковалёв", "Козлов", "Лебедев", "Морозов", "Назаров", "Орлов",
    "Павлов", "Романов", "Семёнов", "Соколов", "Тарасов", "Фёдоров", "Филиппов", "Чернов",
    "Шевченко", "Яковлев", "Алиев", "Ахмедов", "Бекмуратов", "Гаспарян", "Назарбеков",
    "Рахмонов", "Саркисян", "Токаев", "Хачатуров", "Шарипов",
)
# Syllables of made-up place names: `Кара` + `вел` = `Каравел`.
SYLLABLES = (
    "ка", "ра", "вел", "то", "ми", "ан", "бор", "са", "лин", "гор", "да", "ну", "ре", "ва",
    "ос", "тар", "ли", "зем", "пол", "ки", "ал", "мар", "ту", "ен", "ор", "вин", "ше", "ба",
)
COUNCIL_KINDS = (  # (kind, English word, Russian word)
    ("council", "Council", "Совет"), ("committee", "Committee", "Комитет"),
    ("secretariat", "Secretariat", "Секретариат"), ("force", "Joint Forces", "Объединённые силы"),
    ("organization", "Organization", "Организация"), ("other", "Commission", "Комиссия"),
)
COUNCIL_TOPICS = (  # (English, Russian after `по`)
    ("collective security", "коллективной безопасности"),
    ("border protection", "охране границ"),
    ("air defence", "противовоздушной обороне"),
    ("counter-terrorism", "борьбе с терроризмом"),
    ("military cooperation", "военному сотрудничеству"),
    ("emergency response", "чрезвычайным ситуациям"),
    ("information security", "информационной безопасности"),
    ("drug trafficking", "борьбе с наркотрафиком"),
    ("peacekeeping", "миротворческой деятельности"),
    ("military-technical cooperation", "военно-техническому сотрудничеству"),
)
STATE_OFFICES = (  # (English, Russian)
    ("President", "Президент"), ("Prime Minister", "Премьер-министр"),
    ("Minister of Defence", "Министр обороны"),
    ("Minister of Foreign Affairs", "Министр иностранных дел"),
    ("Secretary of the Security Council", "Секретарь Совета безопасности"),
    ("Chief of the General Staff", "Начальник Генерального штаба"),
)
COUNCIL_OFFICES = (
    ("Secretary General", "Генеральный секретарь"), ("Chairman", "Председатель"),
    ("Commander", "Командующий"), ("Deputy Secretary General", "Заместитель генсекретаря"),
)
TREATY_KINDS = (  # (kind, Russian word)
    ("treaty", "Договор"), ("charter", "Устав"), ("agreement", "Соглашение"),
    ("declaration", "Декларация"), ("protocol", "Протокол"),
)
TREATY_TOPICS = (  # (English, Russian after `о`)
    ("collective security", "коллективной безопасности"),
    ("military cooperation", "военном сотрудничестве"),
    ("a joint air defence system", "единой системе ПВО"),
    ("the status of forces", "статусе формирований сил"),
    ("peacekeeping activities", "миротворческой деятельности"),
    ("the training of military personnel", "подготовке военных кадров"),
    ("mutual supplies of arms", "взаимных поставках вооружения"),
    ("protection of classified information", "защите секретной информации"),
)
EVENT_KINDS = ("summit", "session", "session", "meeting", "meeting", "visit")
ROLES = (
    "head of delegation", "representing the host state", "chairman", "observer",
    "speaker", "signatory", "guest", "member of the delegation",
)
PUBLISHERS = (  # (English, Russian, web domain)
    ("TASS", "ТАСС", "tass.com"), ("RIA Novosti", "РИА Новости", "ria.ru"),
    ("Interfax", "Интерфакс", "interfax.ru"), ("BelTA", "БелТА", "belta.by"),
    ("Kazinform", "Казинформ", "inform.kz"), ("Armenpress", "Арменпресс", "armenpress.am"),
    ("Kabar", "Кабар", "kabar.kg"), ("Khovar", "Ховар", "khovar.tj"),
    ("Kremlin press service", "Пресс-служба Кремля", "kremlin.ru"),
)
FACTS = (  # (property, unit, lowest, highest)
    ("population", "", 500_000, 150_000_000), ("area", "km²", 10_000, 17_000_000),
    ("armed forces personnel", "", 5_000, 1_000_000), ("defence budget", "million USD", 50, 70_000),
)
TAGS = (
    "csto", "security", "post-soviet", "defence", "diplomacy", "summit", "treaty", "border",
    "peacekeeping", "head-of-state", "ministry", "central-asia", "caucasus", "eastern-europe",
)
FILLER = (
    "The record is based on official statements and news reports of the time.",
    "Dates are given only as precisely as the cited sources state them.",
    "Several meetings on the subject were held in the following years.",
    "The arrangement was reviewed at a later session of the organization.",
    "Officials of the member states described the talks as constructive.",
    "Further details were published by the press services of the participants.",
    "The question was raised again during the next presidency of the organization.",
    "A joint statement was adopted at the end of the meeting.",
    "Observers noted the growing role of regional cooperation in the field.",
    "The decisions taken were later confirmed by the heads of state.",
)

# 150 BCP 47 tags a state's name is given in, in a heavy-tail corpus, as Wikidata gives
# a state's name in its many languages (English and Russian are the corpus's own).
LANGUAGES = (
    "ab af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu "
    "cv cy da de dv dz ee el eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi "
    "ho hr ht hu hy hz ia id ie ig ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr "
    "ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne "
    "ng nl nn no nr nv ny oc oj om or os pa pl ps pt qu rm rn ro rw sa sc sd se sg si "
    "sk sl sm sn so sq ss st zh-Hans zh-Hant sr-Latn pt-BR az-Cyrl be-tarask"
).split()
# Endings that make a state's name look like it does in another language.
NAME_ENDINGS = ("a", "ia", "ija", "e", "en", "ië", "iya", "ie", "ío", "stan", "ya", "i")
# Offices named alike, as a dataset of government posts names hundreds of them.
DEPARTMENTS = (
    "Finance", "Customs", "Border Guard", "Civil Defence", "Statistics", "Archives",
    "Migration", "Logistics", "Procurement", "Communications", "Personnel", "Training",
)
