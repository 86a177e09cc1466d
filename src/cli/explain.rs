//! `query --explain`: oxigraph's evaluation plan as an indented tree, one
//! step per line with its seconds and rows, instead of its nested debug
//! dump.

use oxigraph::sparql::QueryExplanation;
use serde_json::Value;

use super::progress::thousands;

/// Steps named longer than this are cut (aggregates name every expression).
const MAX_STEP: usize = 140;

/// The plan, read from oxigraph's JSON form of it (the only public view of
/// its tree).
pub fn render(explanation: &QueryExplanation) -> String {
    let mut json = Vec::new();
    if explanation.write_in_json(&mut json).is_err() {
        return format!("{explanation:#?}\n");
    }
    match serde_json::from_slice::<Value>(&json) {
        Ok(plan) => render_plan(&plan),
        Err(_) => format!("{explanation:#?}\n"),
    }
}

/// `plan`: `{"plan": {"name", "number of results", "duration in seconds",
/// "children": [...]}}`. Seconds include the steps below.
fn render_plan(plan: &Value) -> String {
    let mut out = String::from("seconds        rows  step (seconds include the steps below)\n");
    if let Some(root) = plan.get("plan") {
        node(root, 0, &mut out);
    }
    out
}

fn node(step: &Value, depth: usize, out: &mut String) {
    let seconds = step
        .get("duration in seconds")
        .and_then(Value::as_f64)
        .map_or_else(|| "-".to_string(), |s| format!("{s:.3}"));
    let rows = step
        .get("number of results")
        .and_then(Value::as_u64)
        .map_or_else(|| "-".to_string(), |n| thousands(n as usize));
    let name = step.get("name").and_then(Value::as_str).unwrap_or("?");
    let name = match name.char_indices().nth(MAX_STEP) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    };
    out.push_str(&format!(
        "{seconds:>7} {rows:>11}  {}{name}\n",
        "  ".repeat(depth)
    ));
    for child in step
        .get("children")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        node(child, depth + 1, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_one_indented_line_per_step_with_seconds_and_rows() {
        let plan = serde_json::json!({
            "planning duration in seconds": 0.0001,
            "plan": {
                "name": "Project(?s)", "number of results": 12345, "duration in seconds": 1.5,
                "children": [
                    {"name": "QuadPattern(?s a edu:Article)", "number of results": 12345,
                     "duration in seconds": 0.25, "children": []},
                    {"name": "X".repeat(200), "children": []}
                ]
            }
        });
        let text = render_plan(&plan);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert_eq!(lines[1], "  1.500      12,345  Project(?s)");
        assert_eq!(
            lines[2],
            "  0.250      12,345    QuadPattern(?s a edu:Article)"
        );
        assert!(lines[3].starts_with("      -           -    XXX"), "{text}");
        assert!(
            lines[3].ends_with("X…") && lines[3].chars().count() < 170,
            "{text}"
        );
    }
}
