//! How gold annotations compare names (`shared/gold/SCHEMA.md`): shared by
//! `edupol eval` and the extractors' gold-comparison tests, and free of the
//! store so that those tests build without it.

/// A name as the gold format compares it: no white space and none of the
/// quotes and title marks “”"《》〈〉‘’'「」『』.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !"“”\"《》〈〉‘’'「」『』".contains(*c))
        .collect()
}

/// Initiative names match when equal, or when one holds the other and the
/// shorter has at least 80% of the longer's characters.
pub fn initiative_names_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    let (s, l) = (short.chars().count(), long.chars().count());
    s >= 2 && long.contains(short) && s as f64 / l as f64 >= 0.8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_spaces_and_quotes() {
        assert_eq!(normalize_name("“县管校聘” 改革"), "县管校聘改革");
        assert_eq!(normalize_name("《绍兴 教育》"), "绍兴教育");
    }

    #[test]
    fn initiatives_match_when_one_name_holds_most_of_the_other() {
        assert!(initiative_names_match(
            "县管校聘管理改革",
            "县管校聘管理改革试点"
        ));
        assert!(!initiative_names_match("双减", "双减工作专项行动"));
        assert!(
            !initiative_names_match("减", "减负"),
            "one character is too short"
        );
    }
}
