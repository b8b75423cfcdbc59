/* SPDX-License-Identifier: EUPL-1.2 */
/* "My reports": the reports sent from this phone (IndexedDB, kept by queue.js) with
   their public status, and the ones still waiting for signal. The server's list of the
   signed-in account comes first; reports already on it are not repeated. */
(function () {
  "use strict";

  var section = document.getElementById("pwa-phone");
  if (!section || !window.BalaiQueue || !window.indexedDB || !window.fetch) {
    return;
  }
  var Q = window.BalaiQueue;
  var T = JSON.parse(document.getElementById("pwa-strings").textContent);
  var list = section.querySelector("ul");
  var status = document.getElementById("pwa-phone-status");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  async function statuses(ids) {
    if (!ids.length || navigator.onLine === false) { return {}; }
    var query = ids.map(function (id) { return "id=" + encodeURIComponent(id); }).join("&");
    try {
      var response = await fetch(section.getAttribute("data-status-url") + "?" + query, {
        credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" },
      });
      if (!response.ok) { return {}; }
      var byId = {};
      (await response.json()).results.forEach(function (row) { byId[row.public_id] = row; });
      return byId;
    } catch (error) {
      return {};
    }
  }

  async function render() {
    var shown = {};
    document.querySelectorAll("[data-public-id]").forEach(function (node) {
      shown[node.getAttribute("data-public-id")] = true;
    });
    var sent = (await Q.sent()).filter(function (record) { return !shown[record.public_id]; });
    var waiting = await Q.list();
    var found = await statuses(sent.slice(0, 30).map(function (record) { return record.public_id; }));
    list.textContent = "";
    sent.forEach(function (record) {
      var row = found[record.public_id];
      var item = el("li", { class: "card", "data-phone-public-id": record.public_id });
      var title = el("h3", { class: "card__title" });
      var link = el("a", { href: (row && row.url) || record.status_url });
      link.appendChild(document.createTextNode(((row && row.category) || record.service_name || "") + " "));
      link.appendChild(el("span", { class: "mono" }, record.public_id));
      title.appendChild(link);
      item.appendChild(title);
      var badge = el("span", { class: "badge" + (row && row.status === "closed" ? " badge--success" : " badge--primary") },
        row ? row.status_label : T.status_unknown);
      item.appendChild(el("p", { class: "mb-0" })).appendChild(badge);
      if (row && row.last_update) {
        item.appendChild(el("p", { class: "small mb-0" }, row.last_update));
      }
      list.appendChild(item);
    });
    waiting.forEach(function (queued) {
      var item = el("li", { class: "card card--muted" });
      item.appendChild(el("p", { class: "mb-0" }, (queued.service_name || "") + " — " + (queued.fields.description || "").slice(0, 80)));
      item.appendChild(el("p", { class: "small mb-0" }, queued.state === "invalid" ? T.state_invalid : T.state_queued));
      list.appendChild(item);
    });
    section.hidden = !(sent.length || waiting.length);
    var count = waiting.filter(function (q) { return q.state !== "invalid"; }).length;
    status.textContent = count ? fmt(count === 1 ? T.waiting_one : T.waiting_many, { count: count }) : "";
  }

  render().catch(function () {});
  window.addEventListener("online", function () { render().catch(function () {}); });
})();
