/* SPDX-License-Identifier: EUPL-1.2 */
/* The ground every map of reports draws on: window.BalaiBasemap.create(box).

   Works without internet: with no tile server configured (data-tile-url empty), or
   when tiles fail, the map shows the areas Balai knows (data-areas-url, GeoJSON:
   the routing areas with their names) on a plain background; pins go on top. A tile
   server, when configured, lies beneath the areas. Leaflet is loaded on demand from
   the box's data-leaflet-js/-css when the page has not loaded it (the reporting app
   opens its map only when asked). Nothing inline: the strict CSP stays intact. */
(function (root) {
  "use strict";

  var leafletLoading = null;

  function loadCss(href) {
    return new Promise(function (resolve) {
      var present = document.querySelector("link[rel=stylesheet][href='" + href + "']");
      if (present) { resolve(); return; }
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = function () { resolve(); };
      link.onerror = function () { resolve(); }; // the map still works, unstyled
      document.head.appendChild(link);
    });
  }

  function loadLeaflet(box) {
    if (root.L) { return Promise.resolve(root.L); }
    if (!leafletLoading) {
      var css = box.getAttribute("data-leaflet-css");
      var js = box.getAttribute("data-leaflet-js");
      leafletLoading = Promise.all([
        css ? loadCss(css) : Promise.resolve(),
        new Promise(function (resolve, reject) {
          if (!js) { reject(new Error("no Leaflet")); return; }
          var script = document.createElement("script");
          script.src = js;
          script.onload = function () { resolve(); };
          script.onerror = function () { leafletLoading = null; reject(new Error("Leaflet")); };
          document.head.appendChild(script);
        }),
      ]).then(function () { return root.L; });
    }
    return leafletLoading;
  }

  function areaLayer(L, map, url) {
    if (!url) { return Promise.resolve(null); }
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (!data || !(data.features || []).length) { return null; }
      return L.geoJSON(data, {
        interactive: false, // a tap on an area places the pin, it does not select it
        style: { color: "#04434d", weight: 2, opacity: 0.9, fillColor: "#075e6b", fillOpacity: 0.08 },
        onEachFeature: function (feature, layer) {
          var name = feature.properties && feature.properties.name;
          if (name) {
            layer.bindTooltip(name, { permanent: true, direction: "center", className: "basemap__label" });
          }
        },
      }).addTo(map);
    }).catch(function () { return null; });
  }

  /* Resolves with the Leaflet map; map.areas resolves with the areas layer (or
     null). options.onTilesFailed() runs when the tile server does not answer. */
  function create(box, options) {
    options = options || {};
    return loadLeaflet(box).then(function (L) {
      var images = box.getAttribute("data-leaflet-images");
      if (images) { L.Icon.Default.imagePath = images; }
      box.hidden = false;
      var tileUrl = box.getAttribute("data-tile-url");
      box.classList.add("basemap", tileUrl ? "basemap--tiles" : "basemap--plain");
      var map = L.map(box, { scrollWheelZoom: false, attributionControl: Boolean(tileUrl) });
      var center = (box.getAttribute("data-center") || "-6.9147,107.6098").split(",").map(parseFloat);
      map.setView(center, 12);
      L.control.scale({ imperial: false }).addTo(map);
      if (tileUrl) {
        var tiles = L.tileLayer(tileUrl, {
          attribution: box.getAttribute("data-tile-attribution") || "", maxZoom: 19,
        });
        var failures = 0;
        tiles.on("tileerror", function () {
          failures += 1;
          if (failures === 3) {
            box.classList.add("basemap--plain");
            if (options.onTilesFailed) { options.onTilesFailed(); }
          }
        });
        tiles.addTo(map);
      }
      map.areas = areaLayer(L, map, box.getAttribute("data-areas-url"));
      return map;
    });
  }

  root.BalaiBasemap = { create: create, loadLeaflet: loadLeaflet };
})(window);
