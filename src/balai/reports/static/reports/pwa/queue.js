/* SPDX-License-Identifier: EUPL-1.2 */
/* The offline queue of citizen reports, shared by the report page and the service
   worker (importScripts), so it touches no DOM.

   Exactly once: a report is written to IndexedDB *before* any attempt to send it, with
   the client_token made on the phone. Every attempt (page load, the "online" event,
   Background Sync) sends the same token, and the server answers an already-seen token
   with the report it created the first time. An item leaves the queue only after a 2xx
   whose JSON was read in full; a 400 marks it "invalid" for the citizen to correct
   (never retried by itself); anything else (no network, 403 from a stale CSRF token,
   429, 5xx) leaves it queued for the next attempt. */
(function (root) {
  "use strict";

  var DB_NAME = "balai-lapor";
  var DB_VERSION = 1;
  var QUEUE = "queue"; // keyPath client_token: the reports waiting to be sent
  var SENT = "sent"; // keyPath public_id: reports sent from this phone (for "My reports")
  var LOCK = "balai-lapor-flush";
  var dbPromise = null;
  var localChain = Promise.resolve();

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = root.indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = function () {
          var db = request.result;
          if (!db.objectStoreNames.contains(QUEUE)) {
            db.createObjectStore(QUEUE, { keyPath: "client_token" });
          }
          if (!db.objectStoreNames.contains(SENT)) {
            db.createObjectStore(SENT, { keyPath: "public_id" });
          }
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () {
          dbPromise = null;
          reject(request.error);
        };
      });
    }
    return dbPromise;
  }

  /* Run fn(store) in one transaction; resolve with the request's result (if any)
     once the transaction has committed. */
  function inStore(name, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var request = fn(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function byCreated(a, b) { return (a.created_at || "").localeCompare(b.created_at || ""); }

  var Queue = {
    list: function () {
      return inStore(QUEUE, "readonly", function (s) { return s.getAll(); }).then(function (items) {
        return (items || []).sort(byCreated);
      });
    },
    get: function (token) {
      return inStore(QUEUE, "readonly", function (s) { return s.get(token); });
    },
    put: function (item) {
      return inStore(QUEUE, "readwrite", function (s) { return s.put(item); });
    },
    remove: function (token) {
      return inStore(QUEUE, "readwrite", function (s) { return s.delete(token); });
    },
    sent: function () {
      return inStore(SENT, "readonly", function (s) { return s.getAll(); }).then(function (items) {
        return (items || []).sort(byCreated).reverse();
      });
    },
    remember: function (record) {
      return inStore(SENT, "readwrite", function (s) { return s.put(record); });
    },

    /* A new queue item: fields are strings (lists of strings for checkboxes),
       photos [{blob, name}]. */
    add: function (item) {
      item.state = "queued";
      item.attempts = 0;
      item.created_at = item.created_at || new Date().toISOString();
      return Queue.put(item).then(function () { return item; });
    },

    uuid: function () {
      if (root.crypto && root.crypto.randomUUID) {
        return root.crypto.randomUUID();
      }
      var bytes = root.crypto.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      var hex = Array.prototype.map.call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      }).join("");
      return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
        hex.slice(16, 20) + "-" + hex.slice(20);
    },

    /* Send every queued item once, in order; at most one flush at a time across the
       page and the service worker (Web Locks where available). */
    flush: function (options) {
      var run = function () { return flushNow(options || {}); };
      if (root.navigator && root.navigator.locks && root.navigator.locks.request) {
        return root.navigator.locks.request(LOCK, run);
      }
      localChain = localChain.then(run, run);
      return localChain;
    },
  };

  function formData(item) {
    var data = new FormData();
    Object.keys(item.fields || {}).forEach(function (name) {
      [].concat(item.fields[name]).forEach(function (value) { // lists: checkboxes
        if (value !== null && value !== undefined && value !== "") {
          data.append(name, value);
        }
      });
    });
    data.append("client_token", item.client_token);
    (item.photos || []).forEach(function (photo, index) {
      data.append("photos", photo.blob, photo.name || "foto-" + (index + 1) + ".jpg");
    });
    return data;
  }

  function fetchToken(url) {
    return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (!r.ok) { throw new Error("token " + r.status); }
      return r.json();
    }).then(function (body) { return body.csrf_token; });
  }

  async function flushNow(options) {
    var notify = options.onChange || function () {};
    var items = (await Queue.list()).filter(function (item) {
      return item.state !== "invalid" && (!options.only || item.client_token === options.only);
    });
    var outcome = { sent: [], invalid: [], offline: false, remaining: 0 };
    if (!items.length) {
      return outcome;
    }
    var csrf;
    try {
      csrf = await fetchToken(options.tokenUrl || items[0].token_url);
    } catch (error) {
      outcome.offline = true;
      outcome.remaining = items.length;
      return outcome;
    }
    for (var i = 0; i < items.length; i += 1) {
      var item = items[i];
      item.state = "sending";
      item.attempts = (item.attempts || 0) + 1;
      item.last_attempt = new Date().toISOString();
      await Queue.put(item);
      notify(item);
      var response = null;
      var body = null;
      try {
        response = await fetch(item.submit_url, {
          method: "POST",
          body: formData(item),
          credentials: "same-origin",
          cache: "no-store",
          headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        });
        body = await response.json();
      } catch (error) {
        // No network, or the answer was cut off: the server may have the report, and
        // the next attempt with the same token will tell us its public id.
        body = null;
      }
      if (response && response.ok && body && body.public_id) {
        await Queue.remember({
          public_id: body.public_id,
          status_url: body.status_url,
          client_token: item.client_token,
          service_name: item.service_name || "",
          created_at: item.created_at,
          sent_at: new Date().toISOString(),
        });
        await Queue.remove(item.client_token);
        item.state = "sent";
        item.result = body;
        outcome.sent.push(item);
      } else if (response && response.status === 400 && body) {
        item.state = "invalid";
        item.errors = body.errors || {};
        item.message = body.message || "";
        await Queue.put(item);
        outcome.invalid.push(item);
      } else {
        item.state = "queued";
        item.last_status = response ? response.status : 0;
        await Queue.put(item);
        outcome.remaining += items.length - i;
        outcome.offline = !response;
        notify(item);
        break; // the network or the server is not ready: keep the order, try later
      }
      notify(item);
    }
    return outcome;
  }

  root.BalaiQueue = Queue;
})(typeof self !== "undefined" ? self : window);
