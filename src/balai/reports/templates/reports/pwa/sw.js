/* SPDX-License-Identifier: EUPL-1.2 */
/* Service worker of the reporting app (scope {{ scope }}), rendered by a view so that
   it lists the static files under the names the server really uses (hashed in
   production). The version changes whenever one of those files changes, which makes
   the browser install this worker again and drop the old caches.

   Strategy: precache the shell (report page + its CSS, JS, icons, Leaflet) and the
   areas the map draws on; network-first for the report page and the areas, with the
   cached copies as the offline fallback; cache-first for static files; everything
   else (POSTs, "My reports", other JSON, tiles) goes to the network untouched and is
   never stored. */
"use strict";

var VERSION = {{ version_json }};
var CACHE = "balai-lapor-shell-" + VERSION;
var SHELL_URL = {{ shell_url_json }};
var STATIC_PREFIX = {{ static_prefix_json }};
var PRECACHE = {{ precache_json }};
var TOKEN_URL = {{ token_url_json }};
var AREAS_URL = {{ areas_url_json }};
var SYNC_TAG = "balai-lapor-flush";

importScripts({{ queue_js_json }});

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // The shell is fetched without cookies: the cached copy holds nobody's session.
      var shell = fetch(SHELL_URL, { credentials: "omit", cache: "no-store" }).then(function (response) {
        if (!response.ok) { throw new Error("shell " + response.status); }
        return cache.put(SHELL_URL, response);
      });
      // the areas are a nicety offline: their absence must not stop the install
      var areas = fetch(AREAS_URL, { credentials: "omit" }).then(function (response) {
        return response.ok ? cache.put(AREAS_URL, response) : null;
      }).catch(function () { return null; });
      return Promise.all([shell, cache.addAll(PRECACHE), areas]);
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("balai-lapor-shell-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isShell(url) {
  return url.origin === self.location.origin && url.pathname === new URL(SHELL_URL, self.location).pathname;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return; // never cache POSTs: the network (or the page's queue) handles them
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return; // map tiles and anything foreign: network only
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(
      caches.match(request, { ignoreSearch: true }).then(function (hit) {
        return hit || fetch(request);
      })
    );
    return;
  }
  if (url.pathname === new URL(AREAS_URL, self.location).pathname) {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(AREAS_URL, copy); });
        }
        return response;
      }).catch(function () {
        return caches.match(AREAS_URL).then(function (hit) { return hit || Response.error(); });
      })
    );
    return;
  }
  if (request.mode === "navigate") {
    // Network first; offline, the report page comes from the cache (the shell stands in
    // for the other pages of the scope, whose personal content is never stored).
    event.respondWith(
      fetch(request).catch(function () {
        return caches.match(SHELL_URL).then(function (hit) {
          return hit || Response.error();
        });
      })
    );
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === SYNC_TAG) {
    event.waitUntil(flushAndTell());
  }
});

self.addEventListener("message", function (event) {
  if (event.data === "flush") {
    event.waitUntil(flushAndTell());
  }
});

function flushAndTell() {
  return self.BalaiQueue.flush({ tokenUrl: TOKEN_URL }).then(function (outcome) {
    return self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
      clients.forEach(function (client) {
        client.postMessage({ type: "balai-lapor-flushed", sent: outcome.sent.length });
      });
      if (outcome.offline || outcome.remaining) {
        throw new Error("still queued"); // Background Sync retries later
      }
    });
  });
}
