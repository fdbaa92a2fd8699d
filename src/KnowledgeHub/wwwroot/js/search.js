// Suggestions as one types (titles the reader may see), and "similar threads" while a new thread's title is typed.
// Progressive enhancement only: the search form and the new-thread form work without this file.
(() => {
  const debounce = (fn, ms) => { let t; return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); }; };
  let controller;
  const fetchJson = async (url) => {
    controller?.abort();
    controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal, credentials: "same-origin", headers: { Accept: "application/json" } });
    return response.ok ? response.json() : [];
  };

  for (const input of document.querySelectorAll("input[data-suggest]")) {
    const list = document.getElementById(input.getAttribute("list"));
    if (!list) continue;
    input.addEventListener("input", debounce(async () => {
      const q = input.value.trim();
      if (q.length < 2) { list.replaceChildren(); return; }
      try {
        const items = await fetchJson(`${input.dataset.suggest}?q=${encodeURIComponent(q)}`);
        list.replaceChildren(...items.map((s) => { const o = document.createElement("option"); o.value = s.title; return o; }));
      } catch { /* aborted or offline: keep typing */ }
    }, 200));
  }

  for (const input of document.querySelectorAll("input[data-similar]")) {
    const box = document.getElementById(input.dataset.similarTarget);
    if (!box) continue;
    const listEl = box.querySelector("ul");
    input.addEventListener("input", debounce(async () => {
      const title = input.value.trim();
      if (title.length < 8) { box.hidden = true; return; }
      try {
        const items = await fetchJson(`${input.dataset.similar}?title=${encodeURIComponent(title)}`);
        listEl.replaceChildren(...items.map((s) => {
          const li = document.createElement("li");
          const a = document.createElement("a");
          a.href = s.url; a.textContent = s.title; a.target = "_blank"; a.rel = "noopener";
          li.append(a);
          return li;
        }));
        box.hidden = items.length === 0;
      } catch { /* aborted */ }
    }, 350));
  }
})();
