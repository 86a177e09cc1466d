//! Administrative divisions named in the text.

use super::{Context, Lexicon, PlaceMention};
use crate::document::Document;

pub fn extract(_doc: &Document, _lexicon: &Lexicon, _context: &Context) -> Vec<PlaceMention> {
    Vec::new()
}

#[cfg(test)]
mod scratch {
    use crate::extract::Lexicon;
    #[test]
    #[ignore]
    fn scratch_tags() {
        let lexicon = Lexicon::load();
        let zj = std::fs::read_to_string("/tmp/zj_shorts.txt").unwrap(); let mut out = String::new(); for n in zj.split_whitespace() { for w in lexicon.tag(&format!("在{n}举行")) { if w.text.contains(n) || n.contains(w.text) { out.push_str(&format!("{}/{} ", w.text, w.tag)); } } } println!("{out}");
        for s in ["8所杭州优质学校与我县各学校签订", "嵊泗召开工作推进会", "船舶与海洋工程专业嵊泗籍定向培养", "受援校赴杭学习交流", "总投资1.35亿元的西城区幼儿园", "作为外来人口流入典型地区，义乌现有人口327万人", "深度参与舟山大石化、苍南海陆协", "并向桐庐等山区县拓展", "入驻景宁中学，共", "北仑智能技术产业应用中心", "与吉林、黑龙江、内蒙古教育厅联合印发意见", "南湖区召开", "赴南湖开展", "全市中小学", "江山市和开化县", "援建和田职业技术学院、承德职业技术学院", "全力推动郑州大学、河南大学", "海宁样板", "对黄龙小学实施撤并"] {
            let w: Vec<String> = lexicon.tag(s).iter().map(|w| format!("{}/{}", w.text, w.tag)).collect();
            println!("{}", w.join(" "));
        }
        for f in ["000_2657467a4493b439", "002_bef43c71a6fc4a1c", "003_5d82acdc91462d5a", "004_bdc0546a26270c09"] {
            let text = std::fs::read_to_string(format!("tests/corpus/{f}.txt")).unwrap();
            let doc = crate::pipeline::analyze(f, &text, &lexicon);
            println!("{f} {:?}", doc.meta);
            for a in &doc.articles {
                let body = doc.slice(a.body);
                let start: String = body.chars().take(20).collect();
                println!("  {:?} {:?} {:?} | {}", a.title, a.author_org, a.kind, start);
            }
        }
    }
}
