//! [`SearchIndex::search`]: builds the text clauses and filter docsets for a query, walks
//! every segment, and renders the requested page of hits.

mod bm25;
mod collect;
mod rank;
mod text;

use tantivy::query::{AllQuery, BooleanQuery, EnableScoring, Occur, Query, TermQuery, TermSetQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::audience::{self, Audience, AudienceSet};
use crate::error::{Error, Result};
use crate::geo::{self, BoundingBox, Cover, Probe};
use crate::model::{Hit, SearchQuery, SearchResults};
use crate::opening;
use crate::schema::{self, Fields, StoredHit};
use crate::search_index::SearchIndex;
use collect::{Checks, Collected, Pass, SegmentScorers};

/// A location query uses the finest cell level needing at most this many cells.
const MAX_COVER_CELLS: u64 = 64;

fn term_query(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::Basic))
}

/// First ring radius of a browse-nearby search; each further ring doubles it.
const FIRST_RING_KM: f64 = 1.0;

/// The geographic part of a filter: cells covering `radius_km`, and coverage regions or not.
#[derive(Debug, Clone, Copy)]
struct GeoScope {
    radius_km: f64,
    coverage: bool,
}

/// Returns the must-clauses that pre-filter candidates by indexed terms.
fn filter_clauses(q: &SearchQuery, fields: &Fields, scope: Option<GeoScope>) -> Vec<Box<dyn Query>> {
    let mut musts: Vec<Box<dyn Query>> = Vec::new();
    if q.free_only {
        musts.push(term_query(Term::from_field_text(fields.filter, schema::FREE_TERM)));
    }
    if let Some(delivery) = q.delivery {
        musts.push(term_query(Term::from_field_text(fields.filter, &schema::delivery_term(delivery))));
    }
    if !q.audiences.is_empty() {
        let terms = q.audiences.iter().map(|a| Term::from_field_text(fields.filter, &audience::audience_term(*a)));
        musts.push(Box::new(TermSetQuery::new(terms)));
    }
    if q.open_now_only {
        let hour = q.now.min(crate::model::MINUTES_PER_WEEK - 1) / 60;
        musts.push(term_query(Term::from_field_text(fields.filter, &schema::open_hour_term(hour))));
    }
    if let (Some(near), Some(scope)) = (&q.near, scope) {
        let bbox = BoundingBox::around(near.point, scope.radius_km);
        let located: Box<dyn Query> = match geo::cover(&bbox, MAX_COVER_CELLS) {
            Cover::Cells(cells) => {
                Box::new(TermSetQuery::new(cells.into_iter().map(|c| Term::from_field_u64(fields.cell, c))))
            }
            Cover::AnyLocation => term_query(Term::from_field_u64(fields.cell, geo::any_location_cell())),
        };
        let coverage = if scope.coverage { coverage_query(near, fields) } else { None };
        let geo_query: Box<dyn Query> = match coverage {
            Some(coverage) => Box::new(BooleanQuery::new(vec![(Occur::Should, located), (Occur::Should, coverage)])),
            None => located,
        };
        musts.push(geo_query);
    }
    musts
}

fn coverage_query(near: &crate::model::Near, fields: &Fields) -> Option<Box<dyn Query>> {
    if near.regions.is_empty() {
        return None;
    }
    let terms = near.regions.iter().map(|r| Term::from_field_text(fields.coverage, r));
    Some(Box::new(TermSetQuery::new(terms)))
}

impl SearchIndex {
    /// Runs a query: text, location, filters, ranking, facets and one page of hits.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let synonyms = self.synonyms();
        let plan = text::plan(&q.text, &synonyms, &self.fields, &searcher)?;

        let scoring = EnableScoring::enabled_from_searcher(&searcher);
        let no_scoring = EnableScoring::disabled_from_searcher(&searcher);
        let clause_weights: Vec<(Box<dyn Weight>, u64)> =
            plan.clauses.iter().map(|c| Ok((c.query.weight(scoring)?, c.covers))).collect::<Result<_>>()?;
        let coverage_weight = match q.near.as_ref().and_then(|n| coverage_query(n, &self.fields)) {
            Some(query) => Some(query.weight(no_scoring)?),
            None => None,
        };
        // Audience words in the query ("carer", "teenager") rank services for those people.
        let wanted_audiences = audience::detect(&q.text);
        let audience_weights: Vec<(Box<dyn Weight>, Audience)> = if wanted_audiences.is_empty() {
            Vec::new()
        } else {
            Audience::ALL
                .into_iter()
                .map(|a| {
                    let term = Term::from_field_text(self.fields.filter, &audience::audience_term(a));
                    Ok((term_query(term).weight(no_scoring)?, a))
                })
                .collect::<Result<_>>()?
        };
        let checks = Checks {
            near: q.near.as_ref().map(|n| (n.point, n.radius_km)),
            probe: q.near.as_ref().map(|n| Probe::new(n.point, n.radius_km)),
            age: q.age,
            open_at: q.open_now_only.then_some(q.now),
            needs: &q.needs,
            today_day: q.today_day,
            text: !plan.is_empty(),
            weights: &plan.weights,
            need_weights: &plan.need_weights,
            wanted_audiences: AudienceSet::of(&wanted_audiences),
        };
        let walk = Walk {
            searcher: &searcher,
            q,
            fields: &self.fields,
            plan_empty: plan.is_empty(),
            clause_weights: &clause_weights,
            coverage_weight: coverage_weight.as_deref(),
            audience_weights: &audience_weights,
            checks: &checks,
        };
        let k = q.offset.saturating_add(q.limit);
        let mut collected = Collected::new(k);
        let full_scope = q.near.as_ref().map(|n| GeoScope { radius_km: n.radius_km, coverage: true });
        match &q.near {
            Some(near) if plan.is_empty() && k > 0 => {
                // Browse nearby: rank ring by ring outward, stopping once the page is full and
                // nothing further out can beat the worst hit kept; then count the whole circle.
                let mut lo = 0.0;
                let mut hi = FIRST_RING_KM.min(near.radius_km);
                loop {
                    let last = hi >= near.radius_km;
                    let coverage = last || hi >= rank::COVERAGE_NOTIONAL_KM;
                    let window_hi = if last { f64::INFINITY } else { hi };
                    let pass = Pass { count: false, rank: true, ring: Some((lo, window_hi)) };
                    walk.run(Some(GeoScope { radius_km: hi, coverage }), pass, &mut collected)?;
                    if last || collected.top.is_full() && collected.top.worst_distance().is_some_and(|d| d <= hi) {
                        break;
                    }
                    lo = hi;
                    hi = (hi * 2.0).min(near.radius_km);
                }
                walk.run(full_scope, Pass { count: true, rank: false, ring: None }, &mut collected)?;
            }
            _ => walk.run(full_scope, Pass::FULL, &mut collected)?,
        }

        let hits = collected
            .top
            .into_sorted()
            .into_iter()
            .skip(q.offset)
            .map(|c| {
                let stored = stored_hit(&searcher, DocAddress::new(c.segment, c.doc), &self.fields)?;
                Ok(Hit {
                    open_now: stored.opening.as_deref().map(|o| opening::is_open(o, q.now)),
                    id: stored.id,
                    name: stored.name,
                    organisation: stored.organisation,
                    summary: stored.summary,
                    distance_km: c.distance_km,
                    needs: stored.needs,
                    free: stored.free,
                    assured_date: stored.assured_date,
                    score: c.score,
                })
            })
            .collect::<Result<Vec<Hit>>>()?;
        Ok(SearchResults { total: collected.total, hits, need_facets: collected.facets })
    }
}

/// Everything needed to walk the segments for one query.
struct Walk<'a> {
    searcher: &'a Searcher,
    q: &'a SearchQuery,
    fields: &'a Fields,
    plan_empty: bool,
    clause_weights: &'a [(Box<dyn Weight>, u64)],
    coverage_weight: Option<&'a dyn Weight>,
    audience_weights: &'a [(Box<dyn Weight>, Audience)],
    checks: &'a Checks<'a>,
}

impl Walk<'_> {
    /// Walks every segment once with the filter of `scope`.
    fn run(&self, scope: Option<GeoScope>, pass: Pass, out: &mut Collected) -> Result<()> {
        let no_scoring = EnableScoring::disabled_from_searcher(self.searcher);
        let musts = filter_clauses(self.q, self.fields, scope);
        let filter_weight: Option<Box<dyn Weight>> = match (musts.is_empty(), self.plan_empty) {
            (true, false) => None,
            (true, true) => Some(AllQuery.weight(no_scoring)?),
            (false, _) => {
                let clauses = musts.into_iter().map(|m| (Occur::Must, m)).collect();
                Some(BooleanQuery::new(clauses).weight(no_scoring)?)
            }
        };
        for (segment, reader) in self.searcher.segment_readers().iter().enumerate() {
            let mut clauses = Vec::with_capacity(self.clause_weights.len());
            for (weight, covers) in self.clause_weights {
                clauses.push((weight.scorer(reader, 1.0)?, *covers));
            }
            let filter = match &filter_weight {
                Some(w) => Some(w.scorer(reader, 1.0)?),
                None => None,
            };
            let coverage = match self.coverage_weight {
                Some(w) => Some(w.scorer(reader, 1.0)?),
                None => None,
            };
            let mut audiences = Vec::with_capacity(self.audience_weights.len());
            for (weight, audience) in self.audience_weights {
                audiences.push((weight.scorer(reader, 1.0)?, *audience));
            }
            let scorers = SegmentScorers { clauses, filter, coverage, audiences };
            collect::collect_segment(segment as u32, reader, scorers, self.checks, pass, out)?;
        }
        Ok(())
    }
}

fn stored_hit(searcher: &Searcher, address: DocAddress, fields: &Fields) -> Result<StoredHit> {
    use tantivy::schema::Value;
    let doc: TantivyDocument = searcher.doc(address)?;
    let bytes = doc
        .get_first(fields.data)
        .and_then(|v| v.as_bytes())
        .ok_or_else(|| Error::Corrupt("document has no stored data".into()))?;
    serde_json::from_slice(bytes).map_err(|e| Error::Corrupt(format!("stored data: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Delivery, GeoPoint, Near, WeeklyInterval};
    use crate::test_docs::{doc, offset, ram_index, ram_index_with, CENTRE};
    use crate::{ServiceDoc, Synonyms};

    const LLR: &str = "E54000015";

    fn text(q: &str) -> SearchQuery {
        SearchQuery { text: q.into(), limit: 20, ..Default::default() }
    }

    fn ids(index: &SearchIndex, q: &SearchQuery) -> Vec<String> {
        index.search(q).expect("search").hits.into_iter().map(|h| h.id).collect()
    }

    fn near(radius_km: f64) -> Option<Near> {
        Some(Near { point: CENTRE, radius_km, regions: vec!["E06000016".into(), LLR.into(), "E92000001".into()] })
    }

    fn located(id: &str, name: &str, north_km: f64) -> ServiceDoc {
        ServiceDoc { locations: vec![offset(north_km, 0.0)], ..doc(id, name) }
    }

    fn iv(start: u32, end: u32) -> WeeklyInterval {
        WeeklyInterval { start, end }
    }

    #[test]
    fn text_search_stems_lowercases_and_folds_accents() {
        let index =
            ram_index(&[doc("a", "Counselling for adults"), doc("b", "Community Café"), doc("c", "Benefits advice")]);
        assert_eq!(ids(&index, &text("COUNSELLED")), vec!["a"]);
        assert_eq!(ids(&index, &text("cafe")), vec!["b"]);
        assert_eq!(ids(&index, &text("benefit")), vec!["c"]);
    }

    #[test]
    fn description_keywords_and_organisation_are_searched_and_name_ranks_highest() {
        let index = ram_index(&[
            ServiceDoc { description: "We help with housing and debt.".into(), ..doc("desc", "Helping Hands") },
            ServiceDoc { keywords: vec!["debt".into()], ..doc("kw", "Money Matters") },
            ServiceDoc { organisation: "Debt Charity".into(), ..doc("org", "Drop-in") },
            doc("name", "Debt clinic"),
        ]);
        let got = ids(&index, &text("debt"));
        assert_eq!(got.len(), 4);
        assert_eq!(got[0], "name");
    }

    #[test]
    fn debt_advice_returns_debt_services_before_other_advice() {
        let mut docs = vec![
            ServiceDoc { summary: "Free debt advice".into(), ..doc("both", "Debt advice line") },
            ServiceDoc { summary: "Help with debts".into(), ..doc("debt", "Debt support") },
        ];
        for i in 0..6 {
            docs.push(ServiceDoc {
                summary: "Advice and advice again".into(),
                description: "advice advice advice".into(),
                ..doc(&format!("advice{i}"), "Advice centre advice")
            });
        }
        let index = ram_index(&docs);
        let got = ids(&index, &text("help with debt advice"));
        assert_eq!(got, ["both", "debt"], "advice alone is too little of what was asked: not a result");
    }

    #[test]
    fn typos_in_longer_words_still_find_the_service() {
        let index = ram_index(&[
            doc("c", "Counselling service"),
            doc("b", "Benefits check"),
            doc("f", "Befriending for older people"),
            doc("x", "Walking group"),
        ]);
        assert_eq!(ids(&index, &text("councelling")), vec!["c"]);
        assert_eq!(ids(&index, &text("benifits")), vec!["b"]);
        assert_eq!(ids(&index, &text("befrending")), vec!["f"]);
    }

    #[test]
    fn words_the_index_has_are_not_typo_matched_and_short_words_get_no_typos() {
        let index = ram_index(&[doc("typo", "Council tax"), doc("exact", "Counselling")]);
        assert_eq!(ids(&index, &text("counselling")), vec!["exact"], "a word spelt right is not fuzzy");
        assert_eq!(ids(&index, &text("counseling")), vec!["exact"], "the stem is the same");
        let index = ram_index(&[doc("debt", "Debt help")]);
        assert!(ids(&index, &text("debs")).is_empty(), "4-letter words are not fuzzy");
    }

    fn synonym_index() -> SearchIndex {
        let rules = "skint, broke, hard up => debt, money\nfood parcel, food parcels => food bank\nlonely => befriending, loneliness\ndrink, booze => alcohol\n";
        ram_index_with(
            &[
                ServiceDoc { summary: "Debt advice and money help".into(), ..doc("debt", "Money advice") },
                ServiceDoc { summary: "Emergency food".into(), ..doc("food", "Food bank") },
                doc("befriend", "Befriending service"),
                doc("alcohol", "Alcohol support"),
                doc("soup", "Soup kitchen food"),
            ],
            Synonyms::parse(rules).expect("parses"),
        )
    }

    #[test]
    fn synonyms_find_services_that_never_use_the_users_word() {
        let index = synonym_index();
        assert_eq!(ids(&index, &text("skint")), vec!["debt"]);
        assert_eq!(ids(&index, &text("lonely")), vec!["befriend"]);
        assert_eq!(ids(&index, &text("drink")), vec!["alcohol"]);
        assert_eq!(ids(&index, &text("food parcel"))[0], "food");
    }

    #[test]
    fn synonym_matches_rank_below_the_users_own_words() {
        let index = ram_index_with(
            &[doc("syn", "Debt advice"), doc("own", "Skint club")],
            Synonyms::parse("skint => debt").expect("parses"),
        );
        assert_eq!(ids(&index, &text("skint")), vec!["own", "syn"]);
    }

    #[test]
    fn set_synonyms_takes_effect_on_the_next_query() {
        let index = ram_index(&[doc("debt", "Debt advice")]);
        assert!(ids(&index, &text("skint")).is_empty());
        index.set_synonyms(Synonyms::parse("skint => debt").expect("parses"));
        assert_eq!(ids(&index, &text("skint")), vec!["debt"]);
        index.set_synonyms(Synonyms::empty());
        assert!(ids(&index, &text("skint")).is_empty());
    }

    #[test]
    fn radius_is_exact_at_the_boundary() {
        let index = ram_index(&[located("in", "Inside", 4.9), located("out", "Outside", 5.1)]);
        let q = SearchQuery { near: near(5.0), limit: 10, ..Default::default() };
        let r = index.search(&q).expect("search");
        assert_eq!(r.total, 1);
        assert_eq!(r.hits[0].id, "in");
        let d = r.hits[0].distance_km.expect("has distance");
        assert!((d - 4.9).abs() < 0.01, "{d}");
    }

    #[test]
    fn a_service_matches_through_its_nearest_location() {
        let far_and_near = ServiceDoc { locations: vec![offset(40.0, 0.0), offset(0.0, 2.0)], ..doc("multi", "Hub") };
        let index = ram_index(&[far_and_near]);
        let r = index.search(&SearchQuery { near: near(3.0), limit: 10, ..Default::default() }).expect("search");
        assert_eq!(r.total, 1);
        assert!((r.hits[0].distance_km.expect("distance") - 2.0).abs() < 0.01);
    }

    #[test]
    fn coverage_matches_have_no_distance_and_unlocated_services_never_match_a_location() {
        let index = ram_index(&[
            ServiceDoc { coverage: vec![LLR.into()], delivery: vec![Delivery::Phone], ..doc("phone", "Helpline") },
            ServiceDoc { coverage: vec!["E54000999".into()], ..doc("elsewhere", "Helpline elsewhere") },
            doc("nowhere", "Helpline nowhere"),
            located("far", "Helpline far away", 50.0),
        ]);
        let q = SearchQuery { text: "helpline".into(), near: near(10.0), limit: 10, ..Default::default() };
        let r = index.search(&q).expect("search");
        assert_eq!(r.hits.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), vec!["phone"]);
        assert_eq!(r.hits[0].distance_km, None);
        assert_eq!(index.search(&text("helpline")).expect("search").total, 4);
    }

    #[test]
    fn closer_and_fresher_services_rank_higher_for_the_same_text() {
        let index = ram_index(&[
            ServiceDoc { assured_day: Some(1000), ..located("near_fresh", "Debt advice", 1.0) },
            ServiceDoc { assured_day: Some(1000), ..located("far_fresh", "Debt advice", 9.0) },
            ServiceDoc { assured_day: None, ..located("near_stale", "Debt advice", 1.0) },
        ]);
        let q = SearchQuery { text: "debt".into(), near: near(20.0), today_day: 1010, limit: 10, ..Default::default() };
        assert_eq!(ids(&index, &q), vec!["near_fresh", "near_stale", "far_fresh"]);
    }

    #[test]
    fn browse_near_orders_by_distance_with_coverage_at_a_notional_eight_km() {
        let index = ram_index(&[
            located("km12", "A", 12.0),
            located("km3", "B", 3.0),
            ServiceDoc { coverage: vec![LLR.into()], ..doc("cover", "C") },
            ServiceDoc { assured_day: Some(1000), ..located("km1_fresh", "D", 1.0) },
            located("km1_stale", "E", 1.0),
        ]);
        let q = SearchQuery { near: near(20.0), today_day: 1000, limit: 10, ..Default::default() };
        assert_eq!(ids(&index, &q), vec!["km1_fresh", "km1_stale", "km3", "cover", "km12"]);
    }

    #[test]
    fn browse_without_location_orders_by_name() {
        let index = ram_index(&[doc("c", "carers' centre"), doc("a", "Age UK"), doc("b", "Bereavement")]);
        let q = SearchQuery { limit: 10, ..Default::default() };
        assert_eq!(ids(&index, &q), vec!["a", "b", "c"]);
    }

    #[test]
    fn needs_age_free_and_delivery_filters_combine() {
        let index = ram_index(&[
            ServiceDoc {
                needs: vec!["money".into(), "debt".into()],
                free: true,
                delivery: vec![Delivery::Phone],
                min_age: Some(18),
                ..doc("debt_adults", "Help")
            },
            ServiceDoc { needs: vec!["housing".into()], max_age: Some(25), ..doc("housing_young", "Help") },
            ServiceDoc { needs: vec!["loneliness".into()], free: true, ..doc("lonely_any", "Help") },
        ]);
        let q = |f: &dyn Fn(&mut SearchQuery)| {
            let mut q = text("help");
            f(&mut q);
            let mut got = ids(&index, &q);
            got.sort();
            got
        };
        assert_eq!(q(&|q| q.needs = vec!["debt".into(), "housing".into()]), vec!["debt_adults", "housing_young"]);
        assert_eq!(q(&|q| q.age = Some(18)), vec!["debt_adults", "housing_young", "lonely_any"]);
        assert_eq!(q(&|q| q.age = Some(17)), vec!["housing_young", "lonely_any"]);
        assert_eq!(q(&|q| q.age = Some(26)), vec!["debt_adults", "lonely_any"]);
        assert_eq!(q(&|q| q.free_only = true), vec!["debt_adults", "lonely_any"]);
        assert_eq!(q(&|q| q.delivery = Some(Delivery::Phone)), vec!["debt_adults"]);
        assert!(q(&|q| q.delivery = Some(Delivery::Online)).is_empty());
    }

    #[test]
    fn open_now_handles_overnight_intervals_weekends_and_unknown_hours() {
        const DAY: u32 = 24 * 60;
        let weekdays_9_to_5: Vec<WeeklyInterval> = (0..5).map(|d| iv(d * DAY + 540, d * DAY + 1020)).collect();
        // Sunday 20:00 to Monday 08:00, split by the caller at the week boundary.
        let overnight = vec![iv(6 * DAY + 1200, 7 * DAY), iv(0, 480)];
        let index = ram_index(&[
            ServiceDoc { opening: Some(weekdays_9_to_5), ..doc("office", "Help") },
            ServiceDoc { opening: Some(overnight), ..doc("night", "Help") },
            doc("unknown", "Help"),
        ]);
        let open_at = |now: u32| {
            let mut got = ids(&index, &SearchQuery { open_now_only: true, now, ..text("help") });
            got.sort();
            got
        };
        assert_eq!(open_at(2 * DAY + 600), vec!["office"], "Wednesday 10:00");
        assert_eq!(open_at(2 * DAY + 1020), Vec::<String>::new(), "Wednesday 17:00 is closing time");
        assert_eq!(open_at(6 * DAY + 1439), vec!["night"], "Sunday 23:59");
        assert_eq!(open_at(1), vec!["night"], "Monday 00:01");
        assert_eq!(open_at(479), vec!["night"], "Monday 07:59");
        assert_eq!(open_at(5 * DAY + 600), Vec::<String>::new(), "Saturday 10:00");
        assert_eq!(open_at(6 * DAY + 1150), Vec::<String>::new(), "Sunday 19:10, same hour slot as nothing");

        let r = index.search(&SearchQuery { now: 5 * DAY + 600, ..text("help") }).expect("search");
        let open: std::collections::BTreeMap<_, _> = r.hits.iter().map(|h| (h.id.as_str(), h.open_now)).collect();
        assert_eq!(open["office"], Some(false));
        assert_eq!(open["night"], Some(false));
        assert_eq!(open["unknown"], None);
    }

    #[test]
    fn open_now_checks_the_exact_minute_within_an_hour() {
        let index = ram_index(&[ServiceDoc { opening: Some(vec![iv(570, 600)]), ..doc("half", "Help") }]);
        let at = |now| ids(&index, &SearchQuery { open_now_only: true, now, ..text("help") });
        assert!(at(545).is_empty(), "09:05 is in the open hour but before opening");
        assert_eq!(at(575), vec!["half"]);
    }

    #[test]
    fn need_facets_ignore_the_needs_filter_but_respect_every_other_filter() {
        let index = ram_index(&[
            ServiceDoc { needs: vec!["money".into(), "debt".into()], free: true, ..doc("a", "Help") },
            ServiceDoc { needs: vec!["money".into()], free: true, ..doc("b", "Help") },
            ServiceDoc { needs: vec!["housing".into()], free: true, ..doc("c", "Help") },
            ServiceDoc { needs: vec!["housing".into()], free: false, ..doc("d", "Help") },
            ServiceDoc { needs: vec!["food".into()], ..doc("e", "Other") },
        ]);
        let q = SearchQuery { needs: vec!["debt".into()], free_only: true, ..text("help") };
        let r = index.search(&q).expect("search");
        assert_eq!(r.total, 1);
        let facets: Vec<(&str, u64)> = r.need_facets.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(facets, vec![("debt", 1), ("housing", 1), ("money", 2)]);
    }

    #[test]
    fn pages_are_consistent_across_segments_and_total_counts_every_match() {
        let index = SearchIndex::create_in_ram(Synonyms::empty()).expect("index");
        let mut w = index.writer(15_000_000).expect("writer");
        for i in 0..25 {
            w.upsert(&located(&format!("s{i:02}"), "Debt advice", f64::from(i % 7))).expect("upsert");
            if i % 8 == 7 {
                w.commit(i64::from(i)).expect("commit");
            }
        }
        w.commit(100).expect("commit");
        for base in [text("debt"), SearchQuery { near: near(30.0), ..Default::default() }, SearchQuery::default()] {
            let all = ids(&index, &SearchQuery { limit: 100, ..base.clone() });
            assert_eq!(all.len(), 25);
            let mut paged = Vec::new();
            for page in 0..5 {
                let r = index.search(&SearchQuery { offset: page * 6, limit: 6, ..base.clone() }).expect("search");
                assert_eq!(r.total, 25);
                paged.extend(r.hits.into_iter().map(|h| h.id));
            }
            assert_eq!(paged, all);
        }
    }

    #[test]
    fn hits_carry_the_stored_display_fields() {
        let index = ram_index(&[ServiceDoc {
            organisation: "Citizens Advice LeicesterShire".into(),
            summary: "Free, confidential debt advice".into(),
            needs: vec!["money".into()],
            free: true,
            assured_date: Some("2025-01-02".into()),
            ..doc("id-1", "Debt advice")
        }]);
        let r = index.search(&text("debt")).expect("search");
        let h = &r.hits[0];
        assert_eq!(
            (h.id.as_str(), h.organisation.as_str(), h.summary.as_str()),
            ("id-1", "Citizens Advice LeicesterShire", "Free, confidential debt advice")
        );
        assert_eq!(h.needs, vec!["money"]);
        assert!(h.free && h.score > 0.0 && h.distance_km.is_none());
        assert_eq!(h.assured_date.as_deref(), Some("2025-01-02"));
    }

    #[test]
    fn large_radius_uses_coarse_cells_and_still_finds_far_services() {
        let index = ram_index(&[located("far", "Far", 150.0), located("near", "Near", 0.5)]);
        let q = SearchQuery {
            near: Some(Near { point: CENTRE, radius_km: 200.0, regions: vec![] }),
            limit: 5,
            ..Default::default()
        };
        assert_eq!(ids(&index, &q), vec!["near", "far"]);
        let q = SearchQuery {
            near: Some(Near { point: GeoPoint { lat: 0.0, lon: 0.0 }, radius_km: 20_000.0, regions: vec![] }),
            limit: 5,
            ..Default::default()
        };
        assert_eq!(index.search(&q).expect("search").total, 2);
    }

    #[test]
    fn ring_by_ring_browse_matches_a_brute_force_ordering_and_counts_everything() {
        // Arrange: a deterministic scatter of services up to 40 km away, some coverage-only.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut unit = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut docs = Vec::new();
        for i in 0..400 {
            let id = format!("s{i:03}");
            if i % 10 == 0 {
                docs.push(ServiceDoc { coverage: vec![LLR.into()], ..doc(&id, "Phone") });
            } else {
                let r = 40.0 * unit() * unit();
                let bearing = unit() * std::f64::consts::TAU;
                docs.push(located_at(&id, offset(r * bearing.cos(), r * bearing.sin())));
            }
        }
        let index = ram_index(&docs);
        for (radius, limit, offset_) in [(30.0, 10, 0), (30.0, 10, 20), (5.0, 50, 0), (3.0, 500, 0), (45.0, 3, 0)] {
            // Act
            let q = SearchQuery { near: near(radius), limit, offset: offset_, ..Default::default() };
            let r = index.search(&q).expect("search");
            // Assert: same as sorting every match by effective distance, then insertion order.
            let mut expected: Vec<(f64, usize)> = docs
                .iter()
                .enumerate()
                .filter_map(|(i, d)| match d.locations.first() {
                    Some(p) => {
                        let km = crate::distance_km(CENTRE, *p);
                        (km <= radius).then_some((km, i))
                    }
                    None => Some((8.0, i)),
                })
                .collect();
            expected.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            assert_eq!(r.total, expected.len(), "radius {radius}");
            let want: Vec<String> =
                expected.iter().skip(offset_).take(limit).map(|(_, i)| docs[*i].id.clone()).collect();
            let got: Vec<String> = r.hits.into_iter().map(|h| h.id).collect();
            assert_eq!(got, want, "radius {radius} limit {limit} offset {offset_}");
        }
    }

    #[test]
    fn the_audience_filter_keeps_services_for_any_of_the_audiences_asked() {
        let index = ram_index(&[
            ServiceDoc { audiences: vec![Audience::Carers, Audience::Adults], ..doc("carers", "Carers centre") },
            ServiceDoc { audiences: vec![Audience::ChildrenYoungPeople], ..doc("youth", "Youth club") },
            ServiceDoc { audiences: vec![Audience::LearningDisability], ..doc("ld", "Day centre") },
            doc("any", "Drop-in"),
        ]);
        let q = |audiences: Vec<Audience>| SearchQuery { audiences, limit: 10, ..Default::default() };
        assert_eq!(ids(&index, &q(vec![Audience::Carers])), vec!["carers"]);
        let mut both = ids(&index, &q(vec![Audience::ChildrenYoungPeople, Audience::LearningDisability]));
        both.sort();
        assert_eq!(both, vec!["ld", "youth"]);
        assert_eq!(index.search(&q(vec![])).expect("search").total, 4);
        let text_and_audience = SearchQuery { text: "centre".into(), ..q(vec![Audience::LearningDisability]) };
        assert_eq!(ids(&index, &text_and_audience), vec!["ld"]);
    }

    #[test]
    fn audience_words_in_the_query_rank_services_for_those_people_first() {
        let support = |id: &str, audiences: Vec<Audience>| ServiceDoc {
            summary: "Support and advice for people who use substances".into(),
            audiences,
            ..doc(id, "Substance support")
        };
        let index = ram_index(&[
            support("youth", vec![Audience::ChildrenYoungPeople]),
            support("plain", vec![]),
            support("carers", vec![Audience::Carers]),
        ]);
        let got = ids(&index, &text("substance support for a carer"));
        assert_eq!(got.first().map(String::as_str), Some("carers"));
        assert_eq!(got.last().map(String::as_str), Some("youth"), "a youth service is not for a carer");
        let got = ids(&index, &text("substance support teenager"));
        assert_eq!(got.first().map(String::as_str), Some("youth"));
    }

    fn located_at(id: &str, p: GeoPoint) -> ServiceDoc {
        ServiceDoc { locations: vec![p], ..doc(id, "Place") }
    }
}
