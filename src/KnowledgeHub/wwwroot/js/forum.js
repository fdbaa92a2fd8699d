// Live forum updates and draft autosave. Everything here is optional: pages work fully with plain forms and reloads.
(() => {
  "use strict";
  const token = () => document.querySelector("input[name=__RequestVerificationToken]")?.value ?? "";

  // Drafts: what is typed is kept on the server, a second or two after typing stops.
  for (const area of document.querySelectorAll("textarea[data-draft]")) {
    const form = area.form;
    const status = form?.querySelector("[data-draft-status]");
    let timer = 0;
    area.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const data = new FormData();
        data.set("key", area.dataset.draft);
        data.set("body", area.value);
        const title = form?.querySelector("input[name=Title]");
        const tags = form?.querySelector("input[name=Tags]");
        if (title) data.set("title", title.value);
        if (tags) data.set("tags", tags.value);
        try {
          const response = await fetch("/drafts", { method: "POST", body: data, headers: { RequestVerificationToken: token() }, credentials: "same-origin" });
          if (status && response.ok) status.textContent = status.closest("form")?.dataset.savedText ?? document.documentElement.dataset.draftSaved ?? "✓";
        } catch { /* offline: the text is still in the page and is saved again on the next keystroke */ }
      }, 1500);
    });
  }

  if (!window.signalR) return;
  const thread = document.querySelector("[data-thread][data-seq]");
  const space = document.querySelector("[data-space]");
  const counter = document.querySelector("[data-notification-count]");
  if (!thread && !space && !counter) return;

  const connection = new signalR.HubConnectionBuilder().withUrl("/hubs/forum").withAutomaticReconnect().build();

  connection.on("NotificationCount", (unread) => {
    if (!counter) return;
    counter.textContent = unread > 0 ? String(unread) : "";
    counter.hidden = unread === 0;
  });

  if (space) {
    connection.on("Activity", () => document.querySelector("[data-live-banner]")?.removeAttribute("hidden"));
  }

  if (thread) {
    const id = thread.dataset.thread;
    const onLastPage = thread.dataset.page === thread.dataset.pages;
    const posts = thread.querySelector("[data-posts]");
    const presence = thread.querySelector("[data-presence]");
    const typing = thread.querySelector("[data-typing]");
    const banner = thread.querySelector("[data-live-banner]");
    let lastSeq = Number(thread.dataset.seq);
    let queue = Promise.resolve();
    let typingTimer = 0;

    const show = async (number) => {
      const existing = document.getElementById("p" + number);
      if (!existing && !onLastPage) { banner?.removeAttribute("hidden"); return; }
      const response = await fetch(`/t/${id}/posts/${number}/fragment`, { credentials: "same-origin" });
      if (!response.ok) return;
      const template = document.createElement("template");
      template.innerHTML = (await response.text()).trim();
      const node = template.content.firstElementChild;
      if (!node) return;
      if (existing) existing.replaceWith(node); else posts.appendChild(node);
    };

    // Applied strictly in order; anything already seen is skipped, and a gap is filled from the server first.
    const receive = (change) => {
      queue = queue.then(async () => {
        if (change.seq <= lastSeq) return;
        if (change.seq > lastSeq + 1) {
          const missed = await connection.invoke("CatchUp", id, lastSeq);
          for (const m of missed) if (m.seq < change.seq) await apply(m);
        }
        await apply(change);
      }).catch(() => banner?.removeAttribute("hidden"));
    };
    const apply = async (change) => {
      if (change.seq <= lastSeq) return;
      lastSeq = change.seq;
      thread.dataset.seq = String(lastSeq);
      if (change.kind === "thread" || change.postNumber < 1) banner?.removeAttribute("hidden");
      else await show(change.postNumber);
    };

    connection.on("ThreadChanged", receive);
    connection.on("Presence", (_, readers) => {
      if (presence) presence.textContent = readers > 1 ? (presence.dataset.template ?? "{0}").replace("{0}", readers) : "";
    });
    connection.on("Typing", (_, name) => {
      if (!typing) return;
      typing.textContent = (typing.dataset.template ?? "{0}…").replace("{0}", name);
      clearTimeout(typingTimer);
      typingTimer = setTimeout(() => { typing.textContent = ""; }, 5000);
    });
    connection.on("AccessRevoked", () => { window.location.reload(); });

    const join = async () => {
      const seq = await connection.invoke("JoinThread", id);
      if (seq === null) { window.location.reload(); return; }
      if (seq > lastSeq) for (const m of await connection.invoke("CatchUp", id, lastSeq)) receive(m);
    };
    connection.onreconnected(join);

    const reply = document.querySelector("[data-reply-form] textarea");
    let lastTyping = 0;
    reply?.addEventListener("input", () => {
      const now = Date.now();
      if (now - lastTyping > 3000 && connection.state === "Connected") { lastTyping = now; connection.invoke("Typing", id).catch(() => {}); }
    });

    connection.start().then(join).catch(() => {});
  } else {
    connection.start().then(() => space ? connection.invoke("WatchSpace", space.dataset.space) : null).catch(() => {});
  }
})();
