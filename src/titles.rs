//! Post titles of Chinese official writing (局长, 党委书记, 副区长 …), shared by
//! segmentation, which reads author lines, and the extractors, which read
//! posts and know that an institution's name may end right before a title.

use std::sync::LazyLock;

/// Titles of leaders, which news also writes after the name (`沈洁副区长`,
/// `习近平总书记`); those of a government head name the division's
/// people's government.
pub const LEADER_TITLES: &[&str] = &[
    "总书记",
    "副区长",
    "区长",
    "副县长",
    "县长",
    "副市长",
    "市长",
    "副省长",
    "省长",
    "副主席",
    "主席",
    "副总理",
    "总理",
];

/// Every other post title.
const OTHER_TITLES: &[&str] = &[
    "党工委书记",
    "理事长",
    "党委副书记",
    "党委书记",
    "党组副书记",
    "党组书记",
    "党组成员",
    "党委委员",
    "专职副书记",
    "专职副总督学",
    "副总督学",
    "总督学",
    "副书记",
    "书记",
    "副局长",
    "局长",
    "副厅长",
    "厅长",
    "副校长",
    "校长",
    "副院长",
    "院长",
    "副园长",
    "园长",
    "副主任",
    "主任",
    "副部长",
    "部长",
    "董事长",
    "总经理",
    "副总经理",
    "秘书长",
    "副秘书长",
    "处长",
    "副处长",
    "科长",
    "副科长",
    "所长",
    "副所长",
    "督学",
    "国家主席",
    "国家副主席",
    "政治局常委",
    "政治局委员",
    "国务委员",
    "记者",
];

/// Every post title.
pub static TITLES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| [OTHER_TITLES, LEADER_TITLES].concat());

/// The longest post title that `text` ends with.
pub fn title_at_end(text: &str) -> Option<&'static str> {
    TITLES
        .iter()
        .copied()
        .filter(|t| text.ends_with(t))
        .max_by_key(|t| t.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_title_wins() {
        assert_eq!(title_at_end("嵊泗县教育局党委副书记"), Some("党委副书记"));
        assert_eq!(title_at_end("市教育局副局长"), Some("副局长"));
        assert_eq!(title_at_end("市教育局"), None);
        assert_eq!(title_at_end("国务院副总理"), Some("副总理"));
    }
}
