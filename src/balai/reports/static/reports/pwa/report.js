/* SPDX-License-Identifier: EUPL-1.2 */
/* The report page, enhanced: photos downscaled on the phone, "use my location", the
   map pin (with or without a tile server), nearby reports, and the offline queue
   (queue.js). Without this file the form posts normally and the server answers with
   a page; nothing here is needed for the report to reach the city. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-pwa-report]");
  if (!form || !window.BalaiQueue || !window.indexedDB || !window.fetch || !window.FormData) {
    return;
  }
  var Q = window.BalaiQueue;
  var T = JSON.parse(document.getElementById("pwa-strings").textContent);
  var MAX_PHOTOS = parseInt(form.getAttribute("data-max-photos"), 10) || 5;
  var MAX_EDGE = 1600;
  var THUMB_EDGE = 160;
  var QUALITY = 0.8;
  var urls = {
    submit: form.getAttribute("action"),
    token: form.getAttribute("data-token-url"),
    nearby: form.getAttribute("data-nearby-url"),
    sw: form.getAttribute("data-sw-url"),
    scope: form.getAttribute("data-sw-scope"),
  };
  var statusEl = document.getElementById("pwa-status");
  var outcomeEl = document.getElementById("pwa-outcome");
  var errorsEl = document.getElementById("pwa-errors");
  var queueEl = document.getElementById("pwa-queue");
  var photoInput = form.elements.photos;
  var previews = document.getElementById("pwa-photo-previews");
  var submitButton = form.querySelector("[type=submit]");
  var photos = []; // {blob, name, thumb}
  var photoWork = Promise.resolve();
  var busy = false;

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function say(node, text) {
    if (node && node.textContent !== text) { node.textContent = text; }
  }

  /* ---- service worker and Background Sync ------------------------------------------ */
  if ("serviceWorker" in navigator && urls.sw) {
    navigator.serviceWorker.register(urls.sw, { scope: urls.scope }).catch(function () {});
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "balai-lapor-flushed") { renderQueue(); }
    });
  }
  function askForSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync && registration.sync.register("balai-lapor-flush");
    }).catch(function () {});
  }

  /* ---- photos: downscaled JPEGs (which also drops the camera's metadata) ------------- */
  function decodeWithImg(blob) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        var img = new Image();
        img.onload = function () { resolve(img); };
        img.onerror = reject;
        img.src = reader.result; // a data: URL, which the CSP allows for images
      };
      reader.onerror = reject;
      reader.readAsDataURL(blob);
    });
  }
  function decode(blob) {
    if (window.createImageBitmap) {
      return createImageBitmap(blob, { imageOrientation: "from-image" }).catch(function () {
        return decodeWithImg(blob);
      });
    }
    return decodeWithImg(blob);
  }
  function draw(source, edge) {
    var w = source.width;
    var h = source.height;
    var scale = Math.min(1, edge / Math.max(w, h));
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(w * scale));
    canvas.height = Math.max(1, Math.round(h * scale));
    canvas.getContext("2d").drawImage(source, 0, 0, canvas.width, canvas.height);
    return canvas;
  }
  function canvasBlob(canvas) {
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { if (blob) { resolve(blob); } else { reject(new Error("toBlob")); } },
        "image/jpeg", QUALITY);
    });
  }
  async function shrink(blob) {
    var source = await decode(blob);
    var small = await canvasBlob(draw(source, MAX_EDGE));
    var thumb = draw(source, THUMB_EDGE).toDataURL("image/jpeg", 0.7);
    if (source.close) { source.close(); }
    // keep the original when it is already smaller (a tiny image re-encoded grows)
    return { blob: small.size < blob.size ? small : blob, thumb: thumb };
  }
  async function addPhotos(files) {
    for (var i = 0; i < files.length; i += 1) {
      if (photos.length >= MAX_PHOTOS) {
        say(document.getElementById("pwa-photo-status"), fmt(T.too_many_photos, { count: MAX_PHOTOS }));
        break;
      }
      try {
        var shrunk = await shrink(files[i]);
        photos.push({ blob: shrunk.blob, thumb: shrunk.thumb, name: "foto-" + (photos.length + 1) + ".jpg" });
      } catch (error) {
        // not decodable here (HEIC on some phones): send it as it is, the server checks it
        photos.push({ blob: files[i], thumb: "", name: files[i].name || "foto.jpg" });
      }
    }
    renderPreviews();
  }
  function renderPreviews() {
    previews.textContent = "";
    photos.forEach(function (photo, index) {
      var item = el("li", { class: "pwa-photo" });
      var label = fmt(T.photo_n, { n: index + 1 });
      if (photo.thumb) {
        item.appendChild(el("img", { src: photo.thumb, alt: label, width: "80", height: "80" }));
      } else {
        item.appendChild(el("span", { class: "pwa-photo__name" }, photo.name));
      }
      var remove = el("button", { type: "button", class: "button button--secondary button--small" }, T.remove);
      remove.appendChild(el("span", { class: "visually-hidden" }, " " + label));
      remove.addEventListener("click", function () {
        photos.splice(index, 1);
        renderPreviews();
        photoInput.focus();
      });
      item.appendChild(remove);
      previews.appendChild(item);
    });
    say(document.getElementById("pwa-photo-status"),
      photos.length ? fmt(T.photos_ready, { count: photos.length, max: MAX_PHOTOS }) : "");
  }
  if (photoInput) {
    photoInput.addEventListener("change", function () {
      var files = Array.prototype.slice.call(photoInput.files || []);
      photoInput.value = ""; // the page sends the downscaled copies, not these
      photoWork = photoWork.then(function () { return addPhotos(files); });
    });
  }

  /* ---- location: device, map pin, typed coordinates --------------------------------- */
  var latInput = form.elements.lat;
  var lonInput = form.elements.lon;
  var locateButton = document.getElementById("pwa-locate");
  var locateStatus = document.getElementById("pwa-locate-status");
  var marker = null;
  var map = null;

  function coords() {
    var la = parseFloat(String(latInput.value).replace(",", "."));
    var lo = parseFloat(String(lonInput.value).replace(",", "."));
    if (isFinite(la) && isFinite(lo) && Math.abs(la) <= 90 && Math.abs(lo) <= 180) { return [la, lo]; }
    return null;
  }
  function setLocation(la, lo, moveMap) {
    latInput.value = la.toFixed(6);
    lonInput.value = lo.toFixed(6);
    if (map && moveMap) {
      placePin([la, lo]);
      map.setView([la, lo], Math.max(map.getZoom(), 17));
    }
    scheduleNearby();
  }
  if (locateButton && navigator.geolocation) {
    locateButton.hidden = false;
    locateButton.addEventListener("click", function () {
      say(locateStatus, T.locating);
      navigator.geolocation.getCurrentPosition(function (position) {
        setLocation(position.coords.latitude, position.coords.longitude, true);
        say(locateStatus, fmt(T.located, { accuracy: Math.round(position.coords.accuracy || 0) }));
      }, function (error) {
        say(locateStatus, error.code === 1 ? T.location_denied : T.location_failed);
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }
  [latInput, lonInput].forEach(function (input) {
    input.addEventListener("change", function () {
      var here = coords();
      if (here && map) { placePin(here); map.panTo(here); }
      scheduleNearby();
    });
  });

  /* The map opens when asked (Leaflet is fetched then, or comes from the service
     worker's cache offline); a tap places the pin, which can be dragged. Without a
     tile server it shows the areas the city knows (basemap.js). */
  var mapEl = document.getElementById("pwa-map");
  var mapButton = document.getElementById("pwa-map-open");
  function placePin(latlng) {
    if (!marker) {
      marker = window.L.marker(latlng, { draggable: true, title: T.pin, alt: T.pin }).addTo(map);
      marker.on("dragend", function () {
        var point = marker.getLatLng();
        setLocation(point.lat, point.lng, false);
      });
    } else {
      marker.setLatLng(latlng);
    }
  }
  function openMap() {
    mapButton.disabled = true;
    window.BalaiBasemap.create(mapEl, {
      onTilesFailed: function () { document.getElementById("pwa-map-note").hidden = false; },
    }).then(function (created) {
      map = created;
      mapButton.hidden = true;
      var here = coords();
      if (here) {
        map.setView(here, 17);
        placePin(here);
      } else {
        map.areas.then(function (areas) {
          if (areas && !marker) { map.fitBounds(areas.getBounds(), { padding: [10, 10] }); }
        });
      }
      map.on("click", function (event) {
        placePin(event.latlng);
        setLocation(event.latlng.lat, event.latlng.lng, false);
      });
      mapEl.setAttribute("data-ready", "true");
    }).catch(function () {
      mapButton.disabled = false;
      document.getElementById("pwa-map-note").hidden = false;
    });
  }
  if (mapEl && mapButton && window.BalaiBasemap) {
    mapButton.hidden = false;
    mapButton.addEventListener("click", openMap);
  }

  /* ---- nearby open reports of the same kind ------------------------------------------- */
  var nearbyEl = document.getElementById("pwa-nearby");
  var nearbyTimer = null;
  function chosenCategory() {
    var checked = form.querySelector("input[name=service_code]:checked");
    return checked ? checked : null;
  }
  function scheduleNearby() {
    clearTimeout(nearbyTimer);
    nearbyTimer = setTimeout(loadNearby, 500);
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "service_code") { scheduleNearby(); }
  });
  async function loadNearby() {
    var category = chosenCategory();
    var here = coords();
    if (!nearbyEl || !category || !here || navigator.onLine === false) {
      if (nearbyEl) { nearbyEl.hidden = true; }
      return;
    }
    var query = "?service_code=" + encodeURIComponent(category.value) + "&lat=" + here[0] + "&lon=" + here[1];
    try {
      var response = await fetch(urls.nearby + query, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) { return; }
      renderNearby(await response.json());
    } catch (error) { /* offline: no suggestions */ }
  }
  function renderNearby(data) {
    var list = nearbyEl.querySelector("ul");
    list.textContent = "";
    (data.results || []).forEach(function (report) {
      var item = el("li", { class: "card pwa-nearby__item" });
      item.appendChild(el("p", { class: "mb-0" }, report.description));
      item.appendChild(el("p", { class: "small text-muted" },
        fmt(T.nearby_meta, { status: report.status_label, distance: report.distance_m, followers: report.followers })));
      var actions = el("div", { class: "button-group" });
      var link = el("a", { href: report.url }, T.see_report);
      link.appendChild(el("span", { class: "visually-hidden" }, " " + report.public_id));
      actions.appendChild(link);
      if (report.mine) {
        actions.appendChild(el("p", { class: "small mb-0" }, T.yours));
      } else if (data.can_support) {
        var support = el("form", { method: "post", action: report.support_url });
        support.appendChild(el("input", { type: "hidden", name: "csrfmiddlewaretoken", value: form.elements.csrfmiddlewaretoken.value }));
        support.appendChild(el("button", { type: "submit", class: "button button--secondary button--small" }, T.support));
        actions.appendChild(support);
      } else {
        actions.appendChild(el("a", { href: data.login_url }, T.login_to_support));
      }
      item.appendChild(actions);
      list.appendChild(item);
    });
    nearbyEl.hidden = !(data.results || []).length;
  }

  /* ---- errors in the page's own error-summary style ---------------------------------- */
  function clearErrors() {
    errorsEl.textContent = "";
    form.querySelectorAll("[data-pwa-error]").forEach(function (node) { node.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".field--error").forEach(function (node) { node.classList.remove("field--error"); });
  }
  function controlOf(name) {
    var control = form.elements[name];
    if (control && control.length !== undefined && !control.tagName) { control = control[0]; }
    return control || null;
  }
  function labelOf(node) {
    if (!node) { return ""; }
    var copy = node.cloneNode(true);
    copy.querySelectorAll(".field__optional, .visually-hidden, .pwa-option__hint").forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function showErrors(errors, message) {
    clearErrors();
    var box = el("div", { class: "error-summary", role: "alert", tabindex: "-1", "aria-labelledby": "pwa-errors-title" });
    box.appendChild(el("h2", { class: "error-summary__title", id: "pwa-errors-title" }, T.there_is_a_problem));
    var list = el("ul");
    Object.keys(errors || {}).forEach(function (name) {
      var control = controlOf(name);
      (errors[name] || []).forEach(function (text) {
        var item = el("li");
        if (control && control.id) {
          var wrapper = control.closest(".field") || control.closest("fieldset");
          var label = labelOf(wrapper && wrapper.querySelector("legend, .field__label"));
          // the field is named by its label, once
          item.appendChild(el("a", { href: "#" + control.id },
            (label && text.indexOf(label) === -1 ? label + ": " : "") + text));
          if (wrapper) {
            wrapper.classList.add("field--error");
            var note = el("p", { class: "field__error", "data-pwa-error": "" }, text);
            var anchor = wrapper.querySelector("legend, .field__label");
            if (anchor && anchor.nextSibling) { wrapper.insertBefore(note, anchor.nextSibling); } else { wrapper.insertBefore(note, wrapper.firstChild); }
          }
          control.setAttribute("aria-invalid", "true");
        } else {
          item.textContent = text;
        }
        list.appendChild(item);
      });
    });
    if (!list.children.length) { list.appendChild(el("li", {}, message || T.not_sent)); }
    box.appendChild(list);
    errorsEl.appendChild(box);
    box.focus();
  }
  /* The chosen category's own questions: required answers and numbers. */
  function questionErrors(errors) {
    var category = chosenCategory();
    var box = category && category.parentNode.querySelector(".pwa-questions");
    if (!box) { return; }
    box.querySelectorAll("[data-question]").forEach(function (question) {
      var name = question.getAttribute("data-question");
      var controls = Array.prototype.slice.call(form.querySelectorAll("[name='" + name + "']"));
      var answered = controls.some(function (c) {
        return (c.type === "radio" || c.type === "checkbox") ? c.checked : c.value.trim() !== "";
      });
      if (!answered && question.hasAttribute("data-required")) {
        errors[name] = [T.question_required];
      } else if (answered && controls[0].getAttribute("inputmode") === "decimal" &&
          !/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(controls[0].value.trim())) {
        errors[name] = [T.number_invalid];
      }
    });
  }
  function clientErrors() {
    var errors = {};
    if (!chosenCategory()) { errors.service_code = [T.choose_category]; }
    if (!form.elements.description.value.trim()) { errors.description = [T.describe]; }
    var typedLat = latInput.value.trim();
    var typedLon = lonInput.value.trim();
    if ((typedLat || typedLon) && !coords()) { errors.lat = [T.bad_coordinates]; }
    if (!coords() && !form.elements.address.value.trim()) { errors.address = [T.where]; }
    questionErrors(errors);
    return Object.keys(errors).length ? errors : null;
  }

  /* ---- the queue on screen ------------------------------------------------------------ */
  var STATE_LABELS = { queued: T.state_queued, sending: T.state_sending, invalid: T.state_invalid };
  async function renderQueue() {
    var items;
    try { items = await Q.list(); } catch (error) { return; }
    var list = queueEl.querySelector("ul");
    list.textContent = "";
    items.forEach(function (item) {
      var li = el("li", { class: "card pwa-queue__item", "data-state": item.state, "data-client-token": item.client_token });
      li.appendChild(el("p", { class: "mb-0" }, (item.service_name || "") + " — " + (item.fields.description || "").slice(0, 80)));
      li.appendChild(el("p", { class: "small mb-0" }, STATE_LABELS[item.state] || item.state));
      if (item.state === "invalid") {
        var fix = el("button", { type: "button", class: "button button--secondary button--small" }, T.correct);
        fix.addEventListener("click", function () { loadIntoForm(item); });
        li.appendChild(fix);
      }
      list.appendChild(li);
    });
    queueEl.hidden = !items.length;
    var waiting = items.filter(function (item) { return item.state !== "invalid"; }).length;
    var invalid = items.length - waiting;
    var text = "";
    if (waiting) { text = fmt(waiting === 1 ? T.waiting_one : T.waiting_many, { count: waiting }); }
    if (invalid) { text += (text ? " " : "") + fmt(T.invalid_count, { count: invalid }); }
    say(statusEl, text);
  }

  async function loadIntoForm(item) {
    await Q.remove(item.client_token);
    form.reset();
    Object.keys(item.fields).forEach(function (name) {
      var control = form.elements[name];
      var wanted = [].concat(item.fields[name]).map(String);
      if (!control) { return; }
      if (control.length !== undefined && !control.tagName) { // radios, checkboxes
        Array.prototype.forEach.call(control, function (option) { option.checked = wanted.indexOf(option.value) !== -1; });
      } else if (control.type === "checkbox" || control.type === "radio") {
        control.checked = wanted.indexOf(control.value) !== -1;
      } else {
        control.value = wanted[0];
      }
    });
    form.elements.client_token.value = item.client_token;
    photos = [];
    for (var i = 0; i < (item.photos || []).length; i += 1) {
      var thumb = "";
      try { thumb = draw(await decode(item.photos[i].blob), THUMB_EDGE).toDataURL("image/jpeg", 0.7); } catch (error) { thumb = ""; }
      photos.push({ blob: item.photos[i].blob, name: item.photos[i].name, thumb: thumb });
    }
    renderPreviews();
    await renderQueue();
    showErrors(item.errors, item.message);
  }

  /* ---- submit: queue first, then send ------------------------------------------------- */
  function fields() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken" && name !== "client_token") {
        if (name in values) { values[name] = [].concat(values[name], value); } // checkboxes
        else { values[name] = value; }
      }
    });
    return values;
  }
  function resetForm() {
    form.reset();
    photos = [];
    renderPreviews();
    form.elements.client_token.value = Q.uuid();
    if (nearbyEl) { nearbyEl.hidden = true; }
    if (marker) { marker.remove(); marker = null; }
    say(locateStatus, "");
  }
  function showOutcome(kind, text, link) {
    outcomeEl.className = "alert alert--" + kind;
    outcomeEl.textContent = "";
    outcomeEl.appendChild(el("p", {}, text));
    if (link) { outcomeEl.appendChild(el("p", {})).appendChild(el("a", { href: link.href }, link.text)); }
    outcomeEl.hidden = false;
    outcomeEl.focus();
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    if (busy) { return; }
    busy = true;
    submitButton.disabled = true;
    try {
      await photoWork;
      var problems = clientErrors();
      if (problems) { showErrors(problems); return; }
      clearErrors();
      var category = chosenCategory();
      var label = category && form.querySelector("label[for='" + category.id + "']");
      var item = await Q.add({
        client_token: form.elements.client_token.value,
        submit_url: urls.submit,
        token_url: urls.token,
        fields: fields(),
        service_name: label ? label.textContent.trim() : "",
        photos: photos.map(function (photo) { return { blob: photo.blob, name: photo.name }; }),
      });
      var outcome = navigator.onLine === false
        ? { sent: [], invalid: [], offline: true }
        : await Q.flush({ tokenUrl: urls.token, onChange: renderQueue });
      var token = item.client_token;
      var sent = outcome.sent.filter(function (x) { return x.client_token === token; })[0];
      var invalid = outcome.invalid.filter(function (x) { return x.client_token === token; })[0];
      if (sent) {
        resetForm();
        showOutcome("success", fmt(T.sent, { public_id: sent.result.public_id }),
          { href: sent.result.status_url, text: T.follow_status });
      } else if (invalid) {
        await Q.remove(token); // back in the form for correction, with the same token
        showErrors(invalid.errors, invalid.message);
      } else {
        resetForm();
        askForSync();
        showOutcome("warning", T.queued);
      }
    } catch (error) {
      showOutcome("error", T.storage_failed);
    } finally {
      busy = false;
      submitButton.disabled = false;
      renderQueue();
    }
  });

  /* ---- retries: on load, when the signal returns, and now and then ------------------ */
  function flushAll() {
    if (navigator.onLine === false || busy) { return Promise.resolve(); }
    return Q.flush({ tokenUrl: urls.token, onChange: renderQueue }).then(function (outcome) {
      if (outcome.sent.length) {
        showOutcome("success", fmt(outcome.sent.length === 1 ? T.flushed_one : T.flushed_many,
          { count: outcome.sent.length }), { href: form.getAttribute("data-mine-url"), text: T.my_reports });
      }
      return renderQueue();
    }).catch(function () {});
  }
  window.addEventListener("online", flushAll);
  window.addEventListener("offline", renderQueue);
  setInterval(flushAll, 30000);
  renderQueue().then(flushAll);
})();
