//! Recognises search words that say someone is at risk now (suicidal thoughts, self-harm,
//! an overdose, danger from another person, an acute mental-health emergency), so the
//! results lead with the crisis answer. A pure function over the query text.
//!
//! The text is normalised first (lower case, ASCII, apostrophes dropped, punctuation to
//! spaces, contractions and slang expanded, misspelt key words corrected by edit
//! distance), then matched against phrase patterns, each with the contexts that cancel it.
//! Single words are not enough: "killing weeds", "debt is killing me" and "end of life
//! care" share words with crisis language but are ordinary needs.
//!
//! Decisions (each kept by a line of the labelled set in `server/tests/crisis_corpus/`):
//! - Idioms about a need ("debt is killing me", "drowning in debt", "cost of living is
//!   hitting me hard") are ordinary. Wanting to die because of debt is not.
//! - Bereavement, including after a suicide or an overdose ("lost my brother to suicide"),
//!   is ordinary; a new risk in the same words ("bereaved and suicidal") is not.
//! - Abuse happening now ("he is hitting me", "scared he will hurt me tonight") is at risk;
//!   support groups, advice and help after leaving are ordinary.
//! - Training, awareness and prevention courses about suicide, self-harm or overdose are
//!   ordinary; self-harm and suicide words otherwise raise the panel, even with "support".

use std::sync::LazyLock;

use regex::Regex;

/// What kind of risk the words describe; it chooses the message shown with the contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrisisKind {
    /// Suicidal thoughts or plans, about oneself or someone else.
    Suicide,
    /// Self-harm.
    SelfHarm,
    /// An overdose, taken or feared.
    Overdose,
    /// Danger from another person now.
    Danger,
    /// An acute mental-health emergency (crisis, psychotic episode, sectioning).
    MentalHealthEmergency,
}

impl CrisisKind {
    /// Returns the sentence that opens the crisis answer.
    pub fn message(self) -> &'static str {
        match self {
            Self::Overdose => {
                "If someone has taken an overdose, call 999 now, even if they seem well. \
                 You do not have to cope with this alone."
            }
            Self::Danger => {
                "If you are in danger now, call 999. If you cannot speak, call 999 from a mobile, \
                 then press 55 when asked. You do not have to cope with this alone."
            }
            Self::Suicide | Self::SelfHarm | Self::MentalHealthEmergency => {
                "If your life or someone else's is at risk now, call 999. For urgent mental health help, \
                 call NHS 111 and choose option 2. You do not have to cope with this alone."
            }
        }
    }
}

/// Returns the kind of risk the words describe, or `None` for an ordinary search.
pub fn detect(text: &str) -> Option<CrisisKind> {
    // Long texts are refused by the search before this; the cap keeps the work bounded.
    let text: String = text.chars().take(500).collect();
    let normal = normalise(&text);
    if normal.is_empty() {
        return None;
    }
    let contexts = Contexts::of(&normal);
    RULES.iter().find(|rule| rule.matches(&normal, &contexts)).map(|rule| rule.kind)
}

// ---- Normalisation ----

/// Returns the text in lower case ASCII words separated by single spaces, with
/// contractions, slang and misspelt key words replaced by their plain forms.
fn normalise(text: &str) -> String {
    let lower = fold(&text.to_lowercase());
    // "od'd" must be read before apostrophes go, or it becomes the word "odd".
    let lower = OD_D.replace_all(&lower, " overdosed ");
    let mut cleaned = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            '\'' => {}
            c if c.is_ascii_alphanumeric() => cleaned.push(c),
            _ => cleaned.push(' '),
        }
    }
    let mut words: Vec<&str> = Vec::new();
    for word in cleaned.split_whitespace() {
        match expansion(word) {
            Some(expanded) => words.extend(expanded.split(' ')),
            None => words.push(word),
        }
    }
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut index = 0;
    while index < words.len() {
        // Two words written apart: "my self", "sewer slide", "self harm" stays two.
        if let Some(&next) = words.get(index + 1) {
            if let Some(joined) = joined(words[index], next) {
                out.push(joined.to_owned());
                index += 2;
                continue;
            }
        }
        out.push(corrected(words[index]).to_owned());
        index += 1;
    }
    out.join(" ")
}

static OD_D: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bod'd\b").expect("BUG: static regex"));

/// Folds accented Latin letters and typographic quotes to ASCII ("café", "don’t").
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '´' => '\'',
            other => other,
        })
        .collect()
}

/// Contractions, text speak and slang, as their plain words (apostrophes already dropped).
fn expansion(word: &str) -> Option<&'static str> {
    Some(match word {
        "dont" | "dnt" | "doesnt" | "didnt" => "do not",
        "cant" | "cannot" | "carnt" | "couldnt" => "can not",
        "wont" => "will not",
        "isnt" | "aint" => "is not",
        "wasnt" => "was not",
        "im" | "iam" => "i am",
        "ive" => "i have",
        "hes" => "he is",
        "shes" => "she is",
        "wanna" | "wana" | "wonna" => "want to",
        "gonna" | "gunna" => "going to",
        "tryna" => "trying to",
        "2" => "to",
        "u" => "you",
        "ur" => "your",
        "urself" | "yourslef" => "yourself",
        "anymore" => "any more",
        "kms" => "kill myself",
        "kys" => "kill yourself",
        "unalive" | "unaliving" | "unalived" | "sewerslide" | "suicde" | "sucide" | "sucidle" => "suicide",
        "selfharm" | "selfharming" | "selfharms" => "self harm",
        "slef" | "sefl" | "slf" => "self",
        "harn" | "hamr" => "harm",
        "kil" | "kll" => "kill",
        "meself" | "mysef" | "myslef" | "mysefl" => "myself",
        "oded" => "overdosed",
        _ => return None,
    })
}

/// Two words that mean one: "my self" is "myself", "sewer slide" is "suicide".
fn joined(first: &str, second: &str) -> Option<&'static str> {
    Some(match (first, second) {
        ("my" | "me", "self") => "myself",
        ("him", "self") => "himself",
        ("her", "self") => "herself",
        ("your", "self") => "yourself",
        ("them", "selves" | "self") => "themselves",
        ("sewer", "slide") => "suicide",
        _ => return None,
    })
}

/// Key words whose misspellings are corrected; everything else is left as typed.
const KEY_WORDS: &[&str] = &[
    "suicide",
    "suicidal",
    "overdose",
    "overdosed",
    "overdosing",
    "myself",
    "himself",
    "herself",
    "yourself",
    "themselves",
    "mental",
    "health",
    "crisis",
    "emergency",
    "paracetamol",
    "tablets",
    "breakdown",
    "sectioned",
    "psychotic",
    "strangled",
    "harming",
];

/// Real words one letter from a key word, never "corrected" into it.
const NOT_MISSPELLINGS: &[&str] =
    &["rental", "dental", "heath", "wealth", "overdue", "crises", "tablet", "harmony", "warming", "farming"];

/// Returns the key word a misspelt word stands for, or the word itself: one edit for
/// words of five to eight letters, two for longer ones (shorter words are too ambiguous).
fn corrected(word: &str) -> &str {
    if word.len() < 5
        || KEY_WORDS.contains(&word)
        || NOT_MISSPELLINGS.contains(&word)
        || word.bytes().any(|b| b.is_ascii_digit())
    {
        return word;
    }
    let allowed = if word.len() >= 9 { 2 } else { 1 };
    KEY_WORDS.iter().find(|key| edit_distance(word, key) <= allowed).copied().unwrap_or(word)
}

/// Optimal string alignment distance (Levenshtein plus swapped neighbours, as in "ovredose").
fn edit_distance(a: &str, b: &str) -> usize {
    let a = a.as_bytes();
    let b = b.as_bytes();
    if a.len().abs_diff(b.len()) > 2 {
        return usize::MAX;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

// ---- Contexts that cancel a pattern ----

/// Which cancelling contexts the whole text has.
struct Contexts {
    training: bool,
    bereavement: bool,
    need: bool,
    property: bool,
}

impl Contexts {
    fn of(normal: &str) -> Self {
        Self {
            training: TRAINING.is_match(normal),
            bereavement: BEREAVEMENT.is_match(normal),
            need: NEED.is_match(normal),
            property: PROPERTY.is_match(normal),
        }
    }
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("BUG: static crisis pattern")
}

/// Courses and awareness for staff and volunteers, not a person at risk.
static TRAINING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(training|trainer|course|courses|awareness|workshop|webinar|e learning|elearning|conference|lesson|lessons|first aid|for (staff|teachers|professionals|schools|employers|volunteers)|volunteer\w*)\b",
    )
});

/// Support after a death, including a death by suicide or overdose.
static BEREAVEMENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(bereave\w*|grief|grieving|passed away|funeral|memorial|in memory|widow\w*|died|deaths?|lost (\w+ ){1,3}(to|through) (suicide|an overdose|overdose|drugs)|(after|following) (\w+ ){0,2}(suicide|overdose)|suicide in (the|my|our) family)\b",
    )
});

/// Practical needs: an idiom or "crisis" about these is not a crisis answer.
static NEED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(money|debt|debts|bills?|rent|arrears|financial|finances|cost of living|energy|fuel|food|housing|homeless\w*|landlord|eviction|loan|loans|fund|funds|grant|grants|benefits?|universal credit|car|repair|repairs|job|work|course|caring|charity|skylight|council)\b",
    )
});

/// A building, a vehicle or online: "not safe" about these is a repair, not a danger.
static PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(damp|mould|mold|stairs|boiler|gas|electrics|electric|wiring|roof|ceiling|floor|building|drive|driving|driver|car|online|internet|ladder|bath|shower)\b",
    )
});

// ---- Patterns ----

/// One phrase pattern and the contexts that cancel it.
struct Rule {
    kind: CrisisKind,
    pattern: Regex,
    /// A narrower phrase that, where it matches, makes this pattern's match ordinary.
    unless: Option<Regex>,
    cancelled_by_training: bool,
    cancelled_by_bereavement: bool,
    cancelled_by_need: bool,
    cancelled_by_property: bool,
}

impl Rule {
    fn matches(&self, normal: &str, contexts: &Contexts) -> bool {
        if (self.cancelled_by_training && contexts.training)
            || (self.cancelled_by_bereavement && contexts.bereavement)
            || (self.cancelled_by_need && contexts.need)
            || (self.cancelled_by_property && contexts.property)
        {
            return false;
        }
        if !self.pattern.is_match(normal) {
            return false;
        }
        match &self.unless {
            // Cancelled only when every match sits inside an "unless" phrase.
            Some(unless) => {
                let cleared = unless.replace_all(normal, " ");
                self.pattern.is_match(&cleared)
            }
            None => true,
        }
    }
}

/// Builds rules compactly: `strong` ones are never cancelled by context; `topic` ones
/// (a word about the subject rather than a statement of risk) are.
struct RuleBuilder(Rule);

impl RuleBuilder {
    fn new(kind: CrisisKind, pattern: &str) -> Self {
        Self(Rule {
            kind,
            pattern: regex(&format!(r"\b(?:{pattern})\b")),
            unless: None,
            cancelled_by_training: false,
            cancelled_by_bereavement: false,
            cancelled_by_need: false,
            cancelled_by_property: false,
        })
    }
    fn unless(mut self, pattern: &str) -> Self {
        self.0.unless = Some(regex(&format!(r"\b(?:{pattern})\b")));
        self
    }
    fn topic(mut self) -> Self {
        self.0.cancelled_by_training = true;
        self.0.cancelled_by_bereavement = true;
        self
    }
    fn not_training(mut self) -> Self {
        self.0.cancelled_by_training = true;
        self
    }
    fn not_need(mut self) -> Self {
        self.0.cancelled_by_need = true;
        self
    }
    fn not_property(mut self) -> Self {
        self.0.cancelled_by_property = true;
        self
    }
}

/// Reflexive pronouns: "kill myself", "hurting herself".
const SELF: &str = r"(?:myself|yourself|himself|herself|themselves|ourselves)";
/// Possessives: "end my life", "his own life".
const OWN: &str = r"(?:my|your|his|her|their|our)";
/// People who may be hurting the person searching.
const OBJECT: &str = r"(?:me|us|(?:my|the|our) (?:kids|children|child|son|daughter|baby|mum|mother|dad|father))";

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    use CrisisKind::{Danger, MentalHealthEmergency as Emergency, Overdose, SelfHarm, Suicide};
    let rules = vec![
        // Suicide: statements of intent or wish, about oneself or someone else.
        RuleBuilder::new(Suicide, &format!(r"(?:kill|killing|top|topping|neck|necking|off|offing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|gas|gassing|suffocate|electrocute) {SELF}"))
            .unless(r"kill(?:ing)? myself laughing"),
        RuleBuilder::new(Suicide, r"do (?:myself|himself|herself|themselves) in"),
        RuleBuilder::new(Suicide, &format!(r"end(?:ing|s)? {OWN} (?:own )?(?:life|lives)|take {OWN} (?:own )?life|taking {OWN} (?:own )?life")),
        RuleBuilder::new(Suicide, r"end(?:ing|s)? it(?: all)?").unless(r"end(?:ing|s)? it with"),
        RuleBuilder::new(
            Suicide,
            r"(?:want|wants|wanted|wanting|ready|going|plan|planning|try|trying|how|way|ways|take|deserve|wish|prefer|rather|decided|choose|need) to (?:die|be dead)",
        ),
        RuleBuilder::new(Suicide, r"(?:feel|feeling|felt) like (?:dying|dieing|killing|ending it)|wish (?:i|he|she) (?:could|would) die"),
        RuleBuilder::new(Suicide, r"wish (?:i|he|she) (?:was|were) (?:dead|not alive|never born)|better off (?:dead|without me|without him|without her)"),
        RuleBuilder::new(
            Suicide,
            r"not want to (?:live|be alive|be here|exist|wake up|go on|carry on)|(?:stop|stopped) (?:living|existing)",
        )
        .unless(r"live (?:with|in|at|here|there|near|on|alone|by|independently|together|somewhere|nearer|closer)|be here (?:in|at|with)"),
        RuleBuilder::new(Suicide, r"(?:no|any|the) (?:reason|point|will) (?:to|in|of|for)? ?(?:live|living|go on|going on|be alive|being alive|carry on|carrying on|existing|life)|will to live"),
        RuleBuilder::new(Suicide, r"(?:tired|sick) of (?:living|being alive|life)|(?:life|living) (?:is )?(?:not|no longer) worth|done with (?:life|living)|give up on (?:life|living)|giving up on (?:life|living)|hate my life"),
        RuleBuilder::new(Suicide, r"can not (?:go on|carry on|keep going)")
            .unless(r"can not (?:go on|carry on) (?:a |an |the )?(?:holiday|holidays|trip|trips|course|courses|date|dates|bus|train|plane|walk|walks|line|online|with (?:my|the|this) (?:course|job|work|studies|college|uni))"),
        RuleBuilder::new(Suicide, r"how (?:much )?long(?:er)? (?:\w+ ){0,2}(?:can|could) (?:go on|carry on|keep going)"),
        RuleBuilder::new(Suicide, r"can not (?:do this|take it|take this|cope|handle it|handle this|handle life)(?: any more| no more| like this| at all)?$")
            .not_need(),
        RuleBuilder::new(Suicide, r"can not (?:live|exist|keep living|keep going) (?:like this|any more|no more)"),
        RuleBuilder::new(Suicide, r"sleep (?:forever|for ever|and (?:never|not) wake(?: up)?)|disappear (?:forever|for ever|for good)|want (?:it|everything) (?:all )?to (?:stop|end)|end(?:ing)? everything"),
        RuleBuilder::new(Suicide, r"(?:goodbye|good bye|farewell) (?:note|letter|text|message|texts|messages)|(?:note|letter|text|message) saying (?:goodbye|good bye|sorry)|saying (?:goodbye|good bye) to (?:everyone|everybody|us|me|my family)"),
        RuleBuilder::new(Suicide, r"(?:nobody|no one|noone) (?:would|will) (?:miss|notice|care)|if i (?:was|were) (?:gone|dead|not here)"),
        RuleBuilder::new(Suicide, r"(?:join|joining|be with) (?:my |him|her|them)(?:\w+ ){0,2}(?:who (?:died|passed)|in heaven|who is gone|again soon)"),
        RuleBuilder::new(Suicide, r"(?:think|thinking|thoughts|thought) (?:about|of) (?:dying|killing|ending (?:it|my life)|suicide|not being here)"),
        RuleBuilder::new(Suicide, r"(?:will|going to|gonna|wants to|threatening to|threatened to|about to|saying (?:she|he) will) jump|jump(?:ing|ed|s)? (?:off|from|in front of) (?:\w+ ){0,3}(?:bridge|train|building|car park|roof|cliff|tower|balcony|motorway|window|flats)")
            .unless(r"jump (?:start|club|rope)"),
        RuleBuilder::new(Suicide, &format!(r"(?:slit|slitting|slash|slashing|cut|cutting) {OWN} wrists")),
        RuleBuilder::new(Suicide, r"suicidal\w*").not_training(),
        RuleBuilder::new(Suicide, r"suicide|killed (?:himself|herself|themselves|myself)|hanged (?:himself|herself|themselves)|(?:attempted|attempt|attempts|attempting) suicide").topic(),
        // Self-harm.
        RuleBuilder::new(SelfHarm, &format!(r"(?:hurt|hurts|hurting|harm|harms|harming|harmed|cut|cuts|cutting|burn|burns|burning|burnt|scratch|scratching|punch|punching|hit|hitting|starve|starving|bruise|bruising) {SELF}"))
            .unless(&format!(r"(?:hurt|cut|burnt|burn) {SELF} (?:shaving|cooking|chopping|lifting|at the gym|at work|playing|falling|on a|on the)")),
        RuleBuilder::new(SelfHarm, r"self (?:harm\w*|injur\w*|hurt\w*|mutilat\w*)|sh relapse|relapsed sh").topic(),
        RuleBuilder::new(SelfHarm, r"(?:urge|urges|feel like|feeling like|want|wanting|tempted|need) (?:to )?(?:cut|cutting)(?: again)?$|(?:been|started|start|keep|keeps) cutting (?:again|myself)|cutting again"),
        RuleBuilder::new(SelfHarm, r"cuts (?:on|to|all over) (?:\w+ ){0,2}(?:arm|arms|wrist|wrists|legs|thighs)"),
        RuleBuilder::new(SelfHarm, &format!(r"(?:cut|cuts|cutting|burn|burns|burning|scratch|scratching) {OWN} (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|body)")),
        // Overdose.
        RuleBuilder::new(Overdose, r"(?:took|taken|take|taking|had|has had) (?:an |a )?(?:overdose|od)"),
        RuleBuilder::new(
            Overdose,
            r"(?:took|taken|take|taking|swallowed|swallow|downed|necked|had) (?:\w+ ){0,3}(?:too many|too much|all (?:my|his|her|their|the)|a lot of|lots of|loads of|load of|a load|a handful|handfuls|a packet|a box|a bottle|a whole|whole|a bunch|\d+)(?: \w+){0,3} (?:pills|tablets|paracetamol|meds|medication|medicine|codamol|ibuprofen|insulin|antidepressants|sertraline|painkillers)",
        ),
        RuleBuilder::new(Overdose, r"(?:has|have|had|just) taken (?:pills|tablets|paracetamol)"),
        RuleBuilder::new(Overdose, r"how many (?:pills|tablets|paracetamol|co codamol) (?:to|would|does it take)"),
        RuleBuilder::new(Overdose, r"overdos\w*|od (?:on|of)").topic().unless(r"overdose of (?:screen|sugar|tv|television|social media|sun|information)"),
        // Danger from another person now.
        RuleBuilder::new(
            Danger,
            &format!(r"(?:hit|hits|hitting|beat|beats|beating|punch|punches|punched|punching|kick|kicks|kicking|kicked|strangled|strangling|strangles|choking|choked|chokes|attacked|attacking|attacks|hurts|hurting|abusing|abuses|threatening|threatens|threatened|raped|rapes|assaulted|assaulting|slapped|slaps|slapping|stabbed) {OBJECT}"),
        )
        .unless(r"(?:cost|costs|price|prices|bills?|cap|inflation|rent|debt|tax|pain|cold|weather|money|it|this|that|back|knee|head|leg|arm|tooth|teeth)(?: \w+){0,3} (?:is |are |has |have |keeps )?(?:hitting|hurting|hurts|hit|attacking) me(?: hard)?"),
        RuleBuilder::new(
            Danger,
            &format!(r"(?:threaten\w*|going|gonna|will|wants|trying|try|would|about) (?:to )?(?:kill|stab|shoot|hurt|attack|beat|burn|strangle|rape) {OBJECT}"),
        ),
        RuleBuilder::new(Danger, r"being (?:abused|beaten|hit|attacked|threatened|hurt|raped|assaulted|strangled)"),
        RuleBuilder::new(Danger, r"(?:scared|afraid|fear|frightened) (?:for|of losing) my life|(?:scared|afraid|frightened) to go home|(?:trying to|is|are) break(?:ing)? in|locked me (?:in|up)"),
        RuleBuilder::new(Danger, r"(?:has|got|with|holding|waving|pulled) (?:a|out a) (?:knife|gun|weapon|blade|machete)"),
        RuleBuilder::new(Danger, r"in danger").unless(r"in danger of"),
        RuleBuilder::new(Danger, r"hands? (?:round|around|on) (?:my|her|his|their) (?:neck|throat)"),
        RuleBuilder::new(Danger, r"(?:ex|he|she|partner|husband|wife|boyfriend|girlfriend|they|someone|man) (?:is |are )?(?:outside|at) (?:my|the|our) (?:house|door|flat|home|window)"),
        RuleBuilder::new(Danger, r"not (?:feel )?safe")
            .unless(r"not safe to (?:live|drive|walk|cook|use|go out|climb|manage|wash|bathe)")
            .not_property(),
        RuleBuilder::new(Danger, r"(?:flee|fleeing|escape|escaping) (?:\w+ ){0,5}(?:tonight|right now|now|today)"),
        // Acute mental-health emergency.
        RuleBuilder::new(Emergency, r"mental health (?:crisis|emergency)|mental crisis")
            .unless(r"(?:after|following|recovering from|recovery from|since) (?:a |my |the |their )?mental health crisis"),
        RuleBuilder::new(Emergency, r"in (?:a )?crisis").not_need(),
        RuleBuilder::new(Emergency, r"crisis (?:team|teams|line|lines|cafe|cafes|house|number|service|services|helpline|support|care)")
            .unless(r"(?:after|following|recovering from|recovery from|since) (?:a |my |the |their )?(?:mental health )?crisis(?: \w+)?")
            .not_need(),
        RuleBuilder::new(Emergency, r"(?:having|had|have|has) a (?:mental |nervous )?breakdown|(?:mental|nervous) breakdown"),
        RuleBuilder::new(Emergency, r"psychotic (?:episode|break)|(?:is|gone|going|become|becoming|turned) psychotic"),
        RuleBuilder::new(Emergency, r"voices (?:\w+ ){0,3}(?:telling|tell|tells|told|want|wants|command\w*|saying)"),
        RuleBuilder::new(Emergency, r"(?:get|getting|be|need|needs) (?:\w+ ){0,3}section(?:ed|ing)|section (?:him|her|them|my)")
            .unless(r"(?:after|been|was|were|being) sectioned"),
        RuleBuilder::new(Emergency, r"urgent (?:\w+ ){0,2}mental health|mental health (?:\w+ ){0,2}urgent\w*"),
    ];
    rules.into_iter().map(|builder| builder.0).collect()
});

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn normalising_folds_case_accents_apostrophes_and_slang() {
        assert_eq!(normalise("I DON’T wanna   go on!!"), "i do not want to go on");
        assert_eq!(normalise("Crisis Café"), "crisis cafe");
        assert_eq!(normalise("kms"), "kill myself");
        assert_eq!(normalise("she od'd"), "she overdosed");
        assert_eq!(normalise("kill my self"), "kill myself");
        assert_eq!(normalise("sewer slide"), "suicide");
    }

    #[test]
    fn misspelt_key_words_are_corrected_and_real_words_are_not() {
        assert_eq!(corrected("ovredose"), "overdose");
        assert_eq!(corrected("suiside"), "suicide");
        assert_eq!(corrected("menatl"), "mental");
        assert_eq!(corrected("overdue"), "overdue");
        assert_eq!(corrected("rental"), "rental");
        assert_eq!(corrected("kill"), "kill", "short words are left alone");
    }

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        assert_eq!(edit_distance("overdoes", "overdose"), 1);
        assert_eq!(edit_distance("sucide", "suicide"), 1);
        assert_eq!(edit_distance("overdue", "overdose"), 2);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn each_kind_is_recognised() {
        let cases = [
            ("my son wants to die", CrisisKind::Suicide),
            ("want to unalive myself", CrisisKind::Suicide),
            ("my daughter is self harming", CrisisKind::SelfHarm),
            ("took a whole packet of paracetamol", CrisisKind::Overdose),
            ("he is hitting me now", CrisisKind::Danger),
            ("mental health crisis", CrisisKind::MentalHealthEmergency),
        ];
        for (text, kind) in cases {
            assert_eq!(detect(text), Some(kind), "{text}");
        }
    }

    #[test]
    fn ordinary_needs_that_share_words_are_not_a_crisis() {
        for text in [
            "debt is killing me",
            "my husband died",
            "end of life care",
            "killing weeds",
            "cutting back hedges",
            "overdrawn",
            "drug and alcohol services",
            "domestic abuse support group",
            "support for domestic abuse survivors",
            "",
            "   ",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    /// One part of the labelled set: (at risk, text) per line.
    fn corpus(name: &str) -> Vec<(bool, String)> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/crisis_corpus").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()));
        text.lines()
            .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
            .map(|line| {
                let (label, words) = line.split_once('\t').unwrap_or_else(|| panic!("no tab in {line:?}"));
                match label {
                    "at_risk" => (true, words.to_owned()),
                    "ordinary" => (false, words.to_owned()),
                    other => panic!("unknown label {other:?} in {name}"),
                }
            })
            .collect()
    }

    /// Returns (at-risk count, caught, ordinary count, false alarms) and prints the misses.
    fn measure(name: &str) -> (usize, usize, usize, usize) {
        let lines = corpus(name);
        let (mut at_risk, mut caught, mut ordinary, mut alarms) = (0, 0, 0, 0);
        for (risk, text) in &lines {
            let fired = detect(text).is_some();
            if *risk {
                at_risk += 1;
                caught += usize::from(fired);
                if !fired {
                    println!("  missed: {text}");
                }
            } else {
                ordinary += 1;
                alarms += usize::from(fired);
                if fired {
                    println!("  false alarm: {text}");
                }
            }
        }
        let recall = 100.0 * caught as f64 / at_risk.max(1) as f64;
        let false_alarms = 100.0 * alarms as f64 / ordinary.max(1) as f64;
        println!(
            "crisis {name}: recall {caught}/{at_risk} ({recall:.1}%), false alarms {alarms}/{ordinary} ({false_alarms:.1}%)"
        );
        (at_risk, caught, ordinary, alarms)
    }

    /// Floors on every part of the set: every at-risk phrasing caught, at most 3% false alarms.
    /// Run with `--nocapture` for the figures. The second and third parts were each measured
    /// once before their misses' kinds were fixed; those first figures are in their headers.
    #[test]
    fn labelled_set_recall_is_complete_and_false_alarms_at_most_three_percent() {
        let mut totals = (0, 0, 0, 0);
        for name in ["development.tsv", "second.tsv", "third.tsv"] {
            let (at_risk, caught, ordinary, alarms) = measure(name);
            assert!(at_risk >= 40 && ordinary >= 40, "{name} is too small");
            assert_eq!(caught, at_risk, "{name}: every at-risk phrasing must be caught");
            assert!(alarms * 100 <= ordinary * 3, "{name}: false alarms above 3%");
            totals = (totals.0 + at_risk, totals.1 + caught, totals.2 + ordinary, totals.3 + alarms);
        }
        println!("crisis all: recall {}/{}, false alarms {}/{}", totals.1, totals.0, totals.3, totals.2);
        assert!(totals.0 >= 320 && totals.2 >= 320, "the set holds at least 320 of each");
    }
}
