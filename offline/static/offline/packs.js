// Offline packs on the phone: download, update (only what changed), remove; the list of packs and
// a search over their records on the offline page. A pack is one Cache Storage cache,
// "heritage-pack:<identifier>:<language>", holding every URL of its manifest and the manifest
// itself (with the hash of what was actually received), which the service worker answers from.
(function () {
  "use strict";
  if (!window.caches || !window.fetch) return;
  if (window.heritageOfflinePacks) return; // the script may be included by several controls
  var PREFIX = "heritage-pack:";
  var PARALLEL = 4;
  var lang = document.documentElement.lang || "vi";
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  function fill(template, values) {
    return (template || "").replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }
  function size(bytes) {
    var units = ["B", "KB", "MB", "GB"];
    var i = 0;
    while (bytes >= 1000 && i < units.length - 1) { bytes /= 1000; i += 1; }
    return numbers.format(bytes) + "\u00a0" + units[i];
  }
  function day(iso) {
    return new Date(iso).toLocaleDateString(lang, { year: "numeric", month: "short", day: "numeric" });
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return b.toString(16).padStart(2, "0");
    }).join("");
  }

  // -- the same folding as the server's search (search/text.py) ---------------------------------
  var WORD = /[\p{L}\p{N}]+/gu;
  function fold(word) {
    return word.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
  }
  function stem(word) {
    if (word.length <= 3 || word.slice(-1) !== "s" || /(ss|us|is)$/.test(word)) return word;
    if (/ies$/.test(word)) return word.slice(0, -3) + "y";
    if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
    return word.slice(0, -1);
  }
  function queryWords(raw) {
    var found = (raw || "").normalize("NFKC").normalize("NFC").toLowerCase().match(WORD) || [];
    return found.slice(0, 24).map(function (w) { return stem(fold(w)); });
  }

  // Every word must be a word of the record; the last one may be the start of a word (as typed).
  function matches(record, wanted) {
    var have = record.words.split(" ");
    return wanted.every(function (w, i) {
      if (i === wanted.length - 1) {
        return have.some(function (h) { return h === w || h.indexOf(fold(w)) === 0; });
      }
      return have.indexOf(w) >= 0;
    });
  }
  function search(records, raw) {
    var wanted = queryWords(raw);
    if (!wanted.length) return [];
    return records
      .filter(function (r) { return matches(r, wanted); })
      .map(function (r) {
        var title = queryWords(r.title);
        var score = wanted.filter(function (w) {
          return title.some(function (t) { return t.indexOf(w) === 0; });
        }).length;
        return { record: r, score: score };
      })
      .sort(function (a, b) { return b.score - a.score; })
      .map(function (x) { return x.record; });
  }

  // -- storage ----------------------------------------------------------------------------------
  function cacheName(identifier, language) { return PREFIX + identifier + ":" + language; }
  function manifestKey(identifier, language) {
    return "/offline/" + encodeURIComponent(identifier) + ".json?lang=" + encodeURIComponent(language);
  }
  // caches.open() would create an empty cache: ask first.
  function stored(identifier, language) {
    var name = cacheName(identifier, language);
    return caches.has(name).then(function (has) {
      return has ? caches.open(name).then(function (cache) { return cache.match(manifestKey(identifier, language)); }) : null;
    }).then(function (hit) { return hit ? hit.json() : null; });
  }
  function storedPacks() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (name) {
        var parts = name.slice(PREFIX.length).split(":");
        return stored(parts[0], parts[1]);
      }));
    }).then(function (list) { return list.filter(Boolean); });
  }
  function showEstimate(node, template) {
    if (!node || !navigator.storage || !navigator.storage.estimate) return Promise.resolve();
    return navigator.storage.estimate().then(function (e) {
      node.textContent = fill(template, { free: size(Math.max(0, e.quota - e.usage)) });
      node.setAttribute("data-usage", String(e.usage));
    });
  }

  // Entries first: a deleted cache's space is released only once nothing holds the cache open
  // (the service worker may), while deleted entries free theirs at once.
  function removePack(name) {
    return caches.open(name).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) { return cache.delete(request); }));
      });
    }).then(function () { return caches.delete(name); });
  }

  function getManifest(url) {
    return fetch(url, { cache: "no-store", credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  // Fetch what is new or changed since the stored manifest, keep the rest, drop what left the pack.
  function download(manifest, onProgress) {
    var name = cacheName(manifest.identifier, manifest.language);
    var key = manifestKey(manifest.identifier, manifest.language);
    var fetched = [];
    return Promise.all([caches.open(name), stored(manifest.identifier, manifest.language)]).then(function (both) {
      var cache = both[0];
      var before = new Map(((both[1] || {}).resources || []).map(function (r) { return [r.url, r.hash]; }));
      return Promise.all(manifest.resources.map(function (r) {
        if (before.get(r.url) !== r.hash) return r;
        return cache.match(r.url).then(function (hit) { return hit ? null : r; });
      })).then(function (list) {
        var todo = list.filter(Boolean);
        var total = todo.reduce(function (sum, r) { return sum + r.bytes; }, 0) || 1;
        var done = 0;
        var next = 0;
        var received = new Map();
        function worker() {
          if (next >= todo.length) return Promise.resolve();
          var item = todo[next++];
          return fetch(item.url, { cache: "no-store", credentials: "omit" }).then(function (response) {
            if (!response.ok) throw new Error(item.url + " " + response.status);
            return response.arrayBuffer().then(function (body) {
              return crypto.subtle.digest("SHA-256", body).then(function (digest) {
                received.set(item.url, hex(digest));
                var headers = { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream" };
                return cache.put(item.url, new Response(body, { status: 200, headers: headers }));
              }).then(function () {
                fetched.push(item.url);
                done += item.bytes;
                onProgress(Math.min(1, done / total));
              });
            });
          }).then(worker);
        }
        var workers = [];
        for (var i = 0; i < PARALLEL; i++) workers.push(worker());
        return Promise.all(workers).then(function () {
          var keep = new Set(manifest.resources.map(function (r) { return new URL(r.url, location.href).href; }));
          keep.add(new URL(key, location.href).href);
          return cache.keys().then(function (requests) {
            return Promise.all(requests.filter(function (q) { return !keep.has(q.url); }).map(function (q) {
              return cache.delete(q);
            }));
          });
        }).then(function () {
          var kept = Object.assign({}, manifest, {
            downloaded: new Date().toISOString(),
            resources: manifest.resources.map(function (r) {
              return Object.assign({}, r, { hash: received.get(r.url) || r.hash });
            }),
          });
          return cache.put(key, new Response(JSON.stringify(kept), { headers: { "Content-Type": "application/json" } }));
        });
      });
    }).then(function () { return fetched; });
  }

  // -- the control on a site's or a tour's page ------------------------------------------------
  function control(section) {
    var identifier = section.getAttribute("data-offline-pack");
    var language = section.getAttribute("data-lang");
    var url = section.getAttribute("data-manifest");
    var t = function (name) { return section.getAttribute("data-t-" + name); };
    var q = function (cls) { return section.querySelector("." + cls); };
    var check = q("offline-check"), start = q("offline-start"), update = q("offline-update"), remove = q("offline-remove");
    var progress = q("offline-progress"), status = q("offline-status"), storage = q("offline-storage");
    var pending = null;

    function say(text) { status.textContent = text; }
    function state(downloaded) {
      check.hidden = downloaded;
      start.hidden = true;
      update.hidden = !downloaded;
      remove.hidden = !downloaded;
      section.setAttribute("data-state", downloaded ? "downloaded" : "none");
      return showEstimate(storage, t("free"));
    }
    function failed(error) {
      progress.hidden = true;
      var quota = error && error.name === "QuotaExceededError";
      say(quota ? t("quota") : fill(t("failed"), { reason: error && error.message ? error.message : String(error) }));
      section.setAttribute("data-state", "failed");
      [check, start, update, remove].forEach(function (b) { b.disabled = false; });
    }
    function run(manifest) {
      [check, start, update, remove].forEach(function (b) { b.disabled = true; });
      progress.hidden = false;
      progress.value = 0;
      section.setAttribute("data-state", "downloading");
      return download(manifest, function (share) { progress.value = Math.round(share * 100); }).then(function (fetched) {
        progress.value = 100;
        progress.hidden = true;
        [check, start, update, remove].forEach(function (b) { b.disabled = false; });
        var bytes = manifest.resources.filter(function (r) { return fetched.indexOf(r.url) >= 0; })
          .reduce(function (s, r) { return s + r.bytes; }, 0);
        section.setAttribute("data-fetched", String(fetched.length));
        section.setAttribute("data-version", manifest.version);
        return state(true).then(function () {
          say(fill(t("done"), { date: day(new Date().toISOString()), size: size(manifest.bytes) }) + " " +
            fill(t("updated"), { count: fetched.length, size: size(bytes) }));
        });
      }, failed);
    }

    check.addEventListener("click", function () {
      check.disabled = true;
      say(t("checking"));
      getManifest(url).then(function (manifest) {
        pending = manifest;
        check.disabled = false;
        check.hidden = true;
        start.hidden = false;
        section.setAttribute("data-bytes", String(manifest.bytes));
        say(fill(t("size"), { size: size(manifest.bytes), count: manifest.count }));
        return showEstimate(storage, t("free"));
      }).catch(failed);
    });
    start.addEventListener("click", function () { if (pending) run(pending); });
    update.addEventListener("click", function () {
      update.disabled = true;
      say(t("checking"));
      getManifest(url).then(run, failed);
    });
    remove.addEventListener("click", function () {
      removePack(cacheName(identifier, language)).then(function () {
        say(t("removed"));
        return state(false);
      });
    });
    stored(identifier, language).then(function (manifest) {
      if (manifest) {
        section.setAttribute("data-version", manifest.version);
        say(fill(t("done"), { date: day(manifest.downloaded), size: size(manifest.bytes) }));
      }
      return state(Boolean(manifest));
    });
  }

  // -- the offline page: what is downloaded, and a search over it --------------------------------
  function offlinePage(list) {
    var storage = document.querySelector(".offline-storage");
    var line = document.querySelector(".offline-status-line");
    if (line && !navigator.onLine) line.textContent = line.getAttribute("data-t-offline");
    storedPacks().then(function (manifests) {
      list.textContent = "";
      if (!manifests.length) {
        var none = document.createElement("li");
        none.textContent = list.getAttribute("data-t-none");
        list.appendChild(none);
      }
      manifests.forEach(function (m) {
        var li = document.createElement("li");
        li.setAttribute("data-offline-pack", m.identifier);
        var a = document.createElement("a");
        a.href = m.start_url;
        a.textContent = m.title;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" — " + fill(list.getAttribute("data-t-pack"), {
          language: m.language_name, size: size(m.bytes), date: day(m.downloaded),
        })));
        list.appendChild(li);
      });
      showEstimate(storage, storage && storage.getAttribute("data-t-free"));
      var form = document.querySelector(".offline-search");
      var results = document.querySelector(".offline-results");
      if (!form || !results) return;
      var records = [];
      var seen = new Set();
      manifests.forEach(function (m) {
        m.records.forEach(function (r) { if (!seen.has(r.url)) { seen.add(r.url); records.push(r); } });
      });
      function show() {
        var raw = form.querySelector("input").value;
        results.textContent = "";
        if (!raw.trim()) return;
        var found = search(records, raw);
        if (!found.length) {
          var none = document.createElement("li");
          none.className = "none";
          none.textContent = results.getAttribute("data-t-none");
          results.appendChild(none);
        }
        found.slice(0, 50).forEach(function (r) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = r.url;
          a.textContent = r.title;
          li.appendChild(a);
          if (r.summary) {
            var p = document.createElement("p");
            p.className = "small";
            p.textContent = r.summary;
            li.appendChild(p);
          }
          results.appendChild(li);
        });
      }
      form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
      form.querySelector("input").addEventListener("input", show);
    });
  }

  // A saved copy cannot know whether the site is open right now: say so instead of repeating
  // what was true when it was downloaded.
  function staleHours() {
    if (!document.documentElement.hasAttribute("data-offline-copy")) return;
    var source = document.querySelector("[data-t-stale]");
    document.querySelectorAll(".open-now").forEach(function (p) {
      p.textContent = source ? source.getAttribute("data-t-stale") : "";
      p.classList.remove("open", "closed");
      p.setAttribute("data-open", "unknown");
      var clock = p.nextElementSibling;
      if (clock && clock.classList.contains("small")) clock.hidden = true;
    });
  }

  window.heritageOfflinePacks = { fold: fold, queryWords: queryWords, search: search, storedPacks: storedPacks };
  function init() {
    staleHours();
    document.querySelectorAll("section[data-offline-pack]").forEach(control);
    var list = document.querySelector(".offline-packs");
    if (list) offlinePage(list);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
