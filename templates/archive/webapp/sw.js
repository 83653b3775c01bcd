/* Naskah's service worker: the offline page only; no page or file of the archive is ever cached. */
const OFFLINE = "{{ offline_url|escapejs }}";
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open("naskah-offline-v1").then((cache) => cache.add(OFFLINE)));
  self.skipWaiting();
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  if (event.request.mode !== "navigate") return;
  event.respondWith(fetch(event.request).catch(() => caches.match(OFFLINE)));
});
