/* SPDX-License-Identifier: EUPL-1.2 */
/* The proposal form's map: tap to place the pin (fills latitude and longitude), drag
   it to adjust; typed coordinates move it. Uses the reports' basemap (vendored
   Leaflet over the areas Balai knows). Without JavaScript the fields stay usable. */
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("proposal-map");
    var form = box && box.closest("form");
    if (!box || !form || !window.BalaiBasemap) { return; }
    var lat = form.elements.lat, lon = form.elements.lon, marker = null;
    box.hidden = false;
    window.BalaiBasemap.create(box).then(function (map) {
      var L = window.L;
      function place(latlng) {
        if (!marker) {
          marker = L.marker(latlng, { draggable: true }).addTo(map);
          marker.on("dragend", function () { fill(marker.getLatLng()); });
        } else { marker.setLatLng(latlng); }
      }
      function fill(latlng) {
        lat.value = latlng.lat.toFixed(6);
        lon.value = latlng.lng.toFixed(6);
      }
      map.on("click", function (event) { place(event.latlng); fill(event.latlng); });
      var la = parseFloat(lat.value), lo = parseFloat(lon.value);
      if (isFinite(la) && isFinite(lo)) { place([la, lo]); map.setView([la, lo], 16); }
      else {
        map.areas.then(function (areas) {
          if (areas && !marker) { map.fitBounds(areas.getBounds(), { padding: [10, 10] }); }
        });
      }
      box.setAttribute("data-ready", "1");
    }).catch(function () { box.hidden = true; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
