/* SPDX-License-Identifier: EUPL-1.2 */
/* Shows reports on a Leaflet map when a tile URL is configured and Leaflet loaded.
   Without tiles (or when tiles fail) the map stays hidden and the list, which always
   carries the coordinates, is the map. No inline scripts (CSP). */
(function () {
  "use strict";
  function points() {
    var found = [];
    document.querySelectorAll("[data-lat][data-lon]").forEach(function (el) {
      var lat = parseFloat(el.getAttribute("data-lat"));
      var lon = parseFloat(el.getAttribute("data-lon"));
      if (isFinite(lat) && isFinite(lon)) {
        found.push({ lat: lat, lon: lon, url: el.getAttribute("data-url"),
          label: el.getAttribute("data-label") || el.textContent.trim().slice(0, 80) });
      }
    });
    return found;
  }
  function start() {
    var box = document.getElementById("reports-map");
    if (!box || !window.L) { return; }
    var url = box.getAttribute("data-tile-url");
    if (!url) { return; }
    box.hidden = false;
    var map = window.L.map(box);
    var layer = window.L.tileLayer(url, {
      attribution: box.getAttribute("data-tile-attribution") || "", maxZoom: 19
    });
    var failures = 0;
    layer.on("tileerror", function () {
      failures += 1;
      if (failures > 8) { box.hidden = true; }  /* the list below stays usable */
    });
    layer.addTo(map);
    var bounds = [];
    function add(p) {
      var marker = window.L.marker([p.lat, p.lon]).addTo(map);
      if (p.url) { marker.bindPopup('<a href="' + encodeURI(p.url) + '"></a>'); }
      marker.on("popupopen", function (event) {
        var link = event.popup.getElement().querySelector("a");
        if (link) { link.textContent = p.label; }
      });
      bounds.push([p.lat, p.lon]);
    }
    points().forEach(add);
    var geojson = box.getAttribute("data-geojson");
    function fit() {
      if (bounds.length) { map.fitBounds(bounds, { maxZoom: 17, padding: [20, 20] }); }
      else { map.setView([-6.9147, 107.6098], 12); }
    }
    if (geojson && !bounds.length) {
      fetch(geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) {
          (data.features || []).forEach(function (f) {
            add({ lat: f.geometry.coordinates[1], lon: f.geometry.coordinates[0],
              url: f.properties.url, label: f.properties.public_id + " " + f.properties.category });
          });
          fit();
        }).catch(fit);
    } else { fit(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
