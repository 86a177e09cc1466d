// Drives Debian's Chromium (headless, through playwright-core) over the pages
// of a running `edupol serve`, as a reader would:
//
//   node tests/browser/check.mjs http://127.0.0.1:PORT/ [SCREENSHOT_DIR]
//
// 1. `/` shows YASGUI with a tab for every saved query, and asks no other
//    host for anything (every request off this server is refused and fails
//    the check);
// 2. a saved query runs from its tab and its table shows Chinese text;
// 3. an IRI in the results opens its /id/ page, and a link there opens another;
// 4. a reload keeps the tabs (no duplicates), and /?query=… runs that query;
// 5. without JavaScript, the <noscript> form posts to /sparql and gets a table.
//
// Screenshots go to SCREENSHOT_DIR (home.png, entity.png). Exits 0 only if
// every check passed; tests/browser.rs runs it.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const [base, shots = "."] = process.argv.slice(2);
if (!base) {
  console.error("usage: node check.mjs URL [SCREENSHOT_DIR]");
  process.exit(2);
}
const origin = new URL(base).origin;
const CJK = /[\u4e00-\u9fff]/;
const TIMEOUT = 30_000;

// The flags Chromium needs on a machine without a network or a display.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let passed = 0;
const failures = [];
const offsite = [];
const pageErrors = [];

async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok - ${name}`);
  } catch (error) {
    failures.push(name);
    console.log(`FAILED - ${name}\n  ${String(error && error.stack ? error.stack : error).replace(/\n/g, "\n  ")}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/// A browser with a new, empty profile; requests that leave the server are
/// refused and recorded.
async function launch(options = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "edupol-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.EDUPOL_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
    locale: "zh-CN",
    timeout: 60_000,
    ...options,
  });
  context.setDefaultTimeout(TIMEOUT);
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/")) return route.continue();
    offsite.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("page", watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function watch(page) {
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
}

async function page(context) {
  return context.pages()[0] || (await context.newPage());
}

/// The rows of the results table of the open tab, as text.
async function resultRows(p) {
  const rows = p.locator(".tabPanel.active .yasr table.dataTable tbody tr");
  await rows.first().waitFor({ state: "visible" });
  return rows.allInnerTexts();
}

const browser = await launch();
let saved = [];
try {
  const p = await page(browser.context);

  await check("the page at / shows YASGUI with a tab per saved query", async () => {
    const response = await p.goto(base);
    assert(response && response.status() === 200, `GET / answered ${response && response.status()}`);
    saved = JSON.parse(await p.locator("#saved-queries").textContent());
    assert(saved.length >= 12, `only ${saved.length} saved queries`);
    await p.locator(".yasgui .tabsList").waitFor();
    const tabs = await p.getByRole("tab").allInnerTexts();
    for (const q of saved) {
      assert(tabs.some((t) => t.includes(q.title)), `no tab for ${q.title} among ${JSON.stringify(tabs)}`);
    }
    assert(tabs.length === saved.length + 1, `${tabs.length} tabs for ${saved.length} saved queries`);
    // The start tab is open and its query is the default one.
    const editor = await p.locator(".tabPanel.active .CodeMirror").innerText();
    assert(editor.includes("What the graph holds"), `the start tab shows ${editor.slice(0, 200)}`);
    const endpoint = await p.locator(".tabPanel.active .autocomplete").inputValue();
    assert(endpoint === new URL("/sparql", base).href, `the endpoint is ${endpoint}`);
  });

  await check("a saved query runs from its tab and shows Chinese text", async () => {
    const q = saved.find((s) => s.file === "posts_by_person.rq");
    assert(q, "posts_by_person.rq is not among the saved queries");
    await p.getByRole("tab", { name: q.title }).click();
    // Its header comment is shown, above the editor and in it.
    const about = await p.locator("#about").innerText();
    assert(about.includes(q.file) && about.includes(q.notes[0].slice(0, 20)), `#about says ${about}`);
    const editor = await p.locator(".tabPanel.active .CodeMirror").innerText();
    assert(editor.includes("# title: " + q.title), "the editor does not show the header");
    await p.locator(".tabPanel.active .yasqe_queryButton").click();
    const rows = await resultRows(p);
    assert(rows.length > 0, "no rows");
    assert(rows.some((r) => CJK.test(r)), `no Chinese text in ${rows.slice(0, 3)}`);
    const head = await p.locator(".tabPanel.active .yasr table.dataTable thead").innerText();
    assert(head.includes("person") && head.includes("role"), `columns: ${head}`);
    await p.screenshot({ path: path.join(shots, "home.png") });
  });

  let entityUrl = "";
  await check("an IRI in the results opens its page, and a link there opens another", async () => {
    // institutions_by_document ends with the institutions' nodes.
    const q = saved.find((s) => s.file === "institutions_by_document.rq");
    assert(q, "institutions_by_document.rq is not among the saved queries");
    await p.getByRole("tab", { name: q.title }).click();
    await p.locator(".tabPanel.active .yasqe_queryButton").click();
    const rows = await resultRows(p);
    assert(rows.some((r) => r.includes("教育局")), `no 教育局 in ${rows.slice(0, 3)}`);
    const link = p.locator('.tabPanel.active .yasr table.dataTable tbody a.iri[href^="/id/org/"]').first();
    await link.waitFor();
    const [response] = await Promise.all([p.waitForNavigation(), link.click()]);
    assert(response && response.status() === 200, `the node page answered ${response && response.status()}`);
    entityUrl = p.url();
    assert(new URL(entityUrl).pathname.startsWith("/id/"), `went to ${entityUrl}`);
    const title = await p.locator("h1").innerText();
    assert(CJK.test(title), `the node page's title is ${title}`);
    await p.screenshot({ path: path.join(shots, "entity.png"), fullPage: false });
    const next = p.locator('main a[href^="/id/"]').first();
    const target = await next.getAttribute("href");
    const [second] = await Promise.all([p.waitForNavigation(), next.click()]);
    assert(second && second.status() === 200, `${target} answered ${second && second.status()}`);
    assert(p.url() !== entityUrl, "the link went nowhere");
    assert((await p.locator("h1").count()) === 1, "no heading on the linked page");
  });

  await check("a reload keeps the tabs, and /?query=… runs that query", async () => {
    await p.goto(base);
    await p.locator(".yasgui .tabsList").waitFor();
    const tabs = await p.getByRole("tab").allInnerTexts();
    assert(tabs.length === saved.length + 1, `${tabs.length} tabs after a reload`);
    const query =
      "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name LIMIT 5";
    await p.goto(base + "?query=" + encodeURIComponent(query));
    const rows = await resultRows(p);
    assert(rows.length === 5, `${rows.length} rows for LIMIT 5`);
    assert(rows.every((r) => CJK.test(r)), `names: ${rows}`);
  });

  await check("the editor completes prefixes from this server", async () => {
    const response = await p.request.get(new URL("/assets/prefixes.json", base).href);
    assert(response.ok(), "no /assets/prefixes.json");
    const prefixes = await response.json();
    assert(prefixes.edu === "https://w3id.org/edupol/ontology#", JSON.stringify(prefixes));
  });
} finally {
  await browser.close();
}

const plain = await launch({ javaScriptEnabled: false });
try {
  const p = await page(plain.context);
  await check("without JavaScript, the form posts to /sparql and shows a table", async () => {
    await p.goto(base);
    assert((await p.getByRole("tab").count()) === 0, "tabs without JavaScript");
    const form = p.locator("form[action='/sparql']");
    await form.waitFor({ state: "visible" });
    await p.locator("textarea[name=query]").fill(
      "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" +
        "PREFIX org: <http://www.w3.org/ns/org#>\n" +
        'SELECT ?org ?name WHERE { ?org a org:Organization ; rdfs:label ?name FILTER(CONTAINS(?name, "教育局")) }\n' +
        "ORDER BY ?name LIMIT 3",
    );
    const [response] = await Promise.all([p.waitForNavigation(), p.getByRole("button", { name: /Run/ }).click()]);
    assert(response && response.status() === 200, `POST /sparql answered ${response && response.status()}`);
    const rows = await p.locator("table.results tr").allInnerTexts();
    assert(rows.length === 4, `${rows.length} table rows (with the header)`);
    assert(CJK.test(rows[1]), `first row: ${rows[1]}`);
    // The IRIs link to their pages.
    assert((await p.locator('table.results a[href^="/id/org/"]').count()) === 3, "no links to the nodes");
  });
} finally {
  await plain.close();
}

await check("nothing was asked of another host, and no script failed", async () => {
  assert(offsite.length === 0, `requests off the server: ${offsite.join(", ")}`);
  assert(pageErrors.length === 0, `script errors: ${pageErrors.join("; ")}`);
});

console.log(`browser: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
