// The search page. Pagefind's bundles (pagefind/pagefind.js and its index)
// are loaded only when the reader starts a search, from the site's own root,
// so search works from any static server and sub-path. Nothing else loads them.
// The index of each language briefings are written in is loaded as a Pagefind
// of its own (a module instance per address), which stems the query as its
// pages were stemmed, and every query is searched in all of them, so a reader
// finds briefings in any language from this page, whatever its own language.
// A language's index comes in shards (a month of briefings, the glossary...;
// pagefind/languages.json names them): the first is opened and the others
// are merged into it (Pagefind's mergeIndex), each marked with its name as a
// filter. Each query word is first looked up in the language's vocabulary (a
// small bundle with a page per shard holding that shard's words), and the
// query is searched only in the shards whose words one index of all pages
// would match: alone, a shard lacking a word would answer with its longest
// prefix ("a" for "airbases"), which one index does only when no page has it.
const form = document.querySelector("[data-search-form]");
const statusLine = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const FILTERS = ["kind", "tag", "outlet", "claims"];
const SHOWN = 20;
// Filters are read from each result's metadata (Pagefind's own filter index is
// not the same from build to build, and the site's output must be): with a
// filter chosen, at most this many results are looked at.
const EXAMINED = 200;

if (form && statusLine && list) {
  const root = new URL(form.dataset.siteRoot || "../", document.baseURI);
  const params = new URLSearchParams(location.search);
  let bundles = null;

  // Result addresses come back under this base: the site's own root.
  const OPTIONS = { baseUrl: root.pathname, excerptLength: 30 };

  async function openLanguage(top, language, { shards, words, pages }) {
    const [first, ...rest] = shards;
    const pagefind = await import(new URL("pagefind.js", new URL(first, top)).href);
    await pagefind.options({ ...OPTIONS, mergeFilter: { shard: first } });
    await pagefind.init();
    await Promise.all(rest.map((shard) => pagefind.mergeIndex(
      new URL(shard, top).pathname, { ...OPTIONS, language, mergeFilter: { shard } })));
    const vocabulary = await import(new URL("pagefind.js", new URL(words, top)).href);
    await vocabulary.options({ baseUrl: "/" });
    await vocabulary.init();
    return { pagefind, vocabulary, shards, pages };
  }

  async function load() {
    if (bundles === null) {
      const top = new URL("pagefind/", root);
      const response = await fetch(new URL("languages.json", top));
      if (!response.ok) throw new Error(`pagefind/languages.json: ${response.status}`);
      const languages = Object.entries(await response.json());
      bundles = await Promise.all(languages.map(([language, index]) =>
        openLanguage(top, language, index)));
    }
    return bundles;
  }

  // The shards holding what one index would match for every word of the query.
  async function shardsFor({ vocabulary, shards, pages }, query) {
    const words = query.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
    const found = await Promise.all(words.map((word) => vocabulary.search(word)));
    let wanted = shards;
    for (const response of found) {
      const having = new Set(response.results.map((result) => pages[result.id]));
      wanted = wanted.filter((shard) => having.has(shard));
    }
    return wanted;
  }

  async function searchLanguage(language, query) {
    const wanted = await shardsFor(language, query);
    if (wanted.length === 0) return { results: [] };
    return language.pagefind.debouncedSearch(query, { filters: { shard: { any: wanted } } }, 200);
  }

  // One query in every language, the results by Pagefind's score (null: a
  // newer search replaced this one).
  async function searchAll(query) {
    const responses = await Promise.all(
      (await load()).map((language) => searchLanguage(language, query)));
    if (responses.includes(null)) return null;
    return responses.flatMap((response) => response.results).sort((a, b) => b.score - a.score);
  }

  // A word as compared: lower case, without accents or marks, without the
  // punctuation Pagefind leaves out of words.
  function folded(word) {
    return word.normalize("NFKD").replace(/[\p{M}\p{P}\p{S}]/gu, "").toLocaleLowerCase();
  }

  function longestCommonRun(a, b) {
    let best = 0;
    for (let i = 0; i < a.length; i += 1) {
      for (let j = 0; j < b.length; j += 1) {
        let k = 0;
        while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k += 1;
        if (k > best) best = k;
      }
    }
    return best;
  }

  // Whether the page word Pagefind matched is the query word (or a form of
  // it), not a stand-in. Pagefind stems both and, when a word is not in the
  // index at all, answers the longest start of it that is ("Ankara" -> "an",
  // "advert" -> "a"). A word and the forms a page writes it in share a run
  // of letters most of the query word long (pacts/pact, airbase/airbases,
  // and with an Arabic prefix: الجيش/والجيش); a stand-in is shorter. A page
  // that has the word only in a much shorter form (running/run) is missed.
  function isForm(queryWord, pageWord) {
    if (pageWord.startsWith(queryWord)) return true; // the word, or one being typed
    const run = longestCommonRun(queryWord, pageWord);
    return run >= Math.max(3, Math.ceil(queryWord.length * 0.6));
  }

  // Only results whose matched words hold every word of the query.
  function holdsQuery(data, queryWords) {
    const content = data.raw_content || data.content || "";
    const words = content.includes("\u200B") ? content.split("\u200B") : content.split(/[\r\n\s]+/g);
    const matched = new Set((data.locations || []).map((at) => folded(words[at] || "")));
    const title = (data.meta && data.meta.title ? data.meta.title : "").split(/\s+/).map(folded);
    const seen = [...matched, ...title].filter(Boolean);
    return queryWords.every((word) => seen.some((pageWord) => isForm(word, pageWord)));
  }

  function queryWords(query) {
    return query.replace(/^\s*"|"\s*$/g, "").split(/\s+/).map(folded).filter(Boolean);
  }

  function chosenFilters() {
    const filters = {};
    for (const name of FILTERS) {
      if (form.elements[name].value) filters[name] = form.elements[name].value;
    }
    return filters;
  }

  // An excerpt is Pagefind's text with <mark> around the words found: keep
  // exactly that (text and marks), whatever else the indexed text held.
  function excerptNodes(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    const nodes = [];
    for (const node of template.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    }
    return nodes;
  }

  function matches(item, filters) {
    const meta = item.meta || {};
    let tags = [];
    try { tags = JSON.parse(meta.tags || "[]"); } catch (error) { tags = []; }
    return (!filters.kind || meta.kind === filters.kind)
      && (!filters.outlet || meta.outlet === filters.outlet)
      && (!filters.tag || tags.includes(filters.tag))
      && (!filters.claims || meta.claims === filters.claims);
  }

  function show(data, count, examinedAll, query) {
    list.replaceChildren();
    for (const item of data.slice(0, SHOWN)) {
      const li = document.createElement("li");
      li.className = "search-result";
      const kicker = document.createElement("p");
      kicker.className = "kicker";
      kicker.textContent = [item.meta.kind, item.meta.date].filter(Boolean).join(" · ");
      const heading = document.createElement("h2");
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.meta.title || item.url;
      heading.append(link);
      const excerpt = document.createElement("p");
      excerpt.className = "search-result__excerpt";
      excerpt.append(...excerptNodes(item.excerpt || ""));
      // A briefing in another language than the site's: its words say so.
      if (item.meta.language) {
        for (const element of [heading, link, excerpt]) {
          element.lang = item.meta.language;
          element.dir = item.meta.dir || "auto";
        }
      }
      li.append(kicker, heading, excerpt);
      list.append(li);
    }
    const what = `for “${query}”`;
    const shown = count > SHOWN ? `, the first ${SHOWN} shown` : "";
    const partial = examinedAll ? "" : ` (among the ${EXAMINED} best matches)`;
    statusLine.textContent = count === 0 ? `No results ${what}${partial}.`
      : `${count} result${count === 1 ? "" : "s"} ${what}${partial}${shown}.`;
  }

  async function run() {
    const query = form.elements.q.value.trim();
    const filters = chosenFilters();
    const state = new URLSearchParams();
    if (query) state.set("q", query);
    for (const [name, value] of Object.entries(filters)) state.set(name, value);
    history.replaceState(null, "", state.toString() ? `?${state}` : location.pathname);
    if (!query) {
      list.replaceChildren();
      statusLine.textContent = Object.keys(filters).length ? "Type the words to search for." : "";
      return;
    }
    statusLine.textContent = "Searching…";
    let results;
    try {
      results = await searchAll(query);
    } catch (error) {
      statusLine.textContent = "Search could not load its index: the site must be served by a web server (it does not work from disk).";
      return;
    }
    if (results === null) return; // a newer search replaced this one
    // Pagefind's stand-in for a word it does not have is the same on every
    // page, so results whose words all hold up are checked only as far as
    // they are shown; once one fails, every candidate is checked.
    const words = queryWords(query);
    const filtered = Object.keys(filters).length > 0;
    const candidates = results.slice(0, EXAMINED);
    const kept = [];
    let examined = 0;
    let failed = false;
    while (examined < candidates.length && (filtered || failed || kept.length < SHOWN)) {
      const batch = candidates.slice(examined, examined + SHOWN);
      examined += batch.length;
      for (const item of await Promise.all(batch.map((r) => r.data()))) {
        if (!holdsQuery(item, words)) failed = true;
        else if (matches(item, filters)) kept.push(item);
      }
    }
    if (!filtered && !failed) {
      show(kept, results.length, true, query);
      return;
    }
    show(kept, kept.length, results.length <= EXAMINED, query);
  }

  form.hidden = false;
  form.elements.q.value = params.get("q") || "";
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) form.elements[name].value = value;
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  form.addEventListener("input", () => { run(); });
  form.addEventListener("change", () => { run(); });
  if (form.elements.q.value) run();
}
