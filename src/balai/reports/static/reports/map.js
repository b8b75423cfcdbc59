/* SPDX-License-Identifier: EUPL-1.2 */
/* Reports on a map (public list and detail, the officers' map): pins over the areas
   Balai knows, over tiles when a tile server is configured (basemap.js). The list
   beside the map always carries the coordinates, so nothing depends on the map.
   No inline scripts (CSP). */
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
    if (!box || !window.BalaiBasemap) { return; }
    window.BalaiBasemap.create(box).then(function (map) {
      var L = window.L;
      var bounds = [];
      function add(p) {
        var marker = L.marker([p.lat, p.lon], { title: p.label, alt: p.label }).addTo(map);
        if (p.url) {
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.label;
          marker.bindPopup(link);
        }
        bounds.push([p.lat, p.lon]);
      }
      function fit() {
        if (bounds.length) { map.fitBounds(bounds, { maxZoom: 17, paddingTopLeft: [20, 45], paddingBottomRight: [20, 10] }); return; }
        map.areas.then(function (areas) {
          if (areas && !bounds.length) { map.fitBounds(areas.getBounds(), { padding: [10, 10] }); }
        });
      }
      points().forEach(add);
      var geojson = box.getAttribute("data-geojson");
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
      box.setAttribute("data-ready", String(bounds.length));
    }).catch(function () { box.hidden = true; }); /* the list below stays usable */
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
