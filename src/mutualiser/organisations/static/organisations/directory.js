// The directory: filters folded on phones, and the map of the listed organisations.
// Everything here is an enhancement: without JavaScript the filter form and the list work alone.
// No inline script in the page (a Content Security Policy will forbid them): this file reads
// what it needs from data-* attributes.
(function () {
  "use strict";

  // A wide screen shows every filter; a phone keeps them folded until asked or in use.
  var more = document.getElementById("more-filters");
  if (more && window.matchMedia("(min-width: 769px)").matches) more.open = true;
  // HTMX refreshes the list on every change: the submit button is only for pages without it.
  var submit = document.querySelector(".directory-filters .filter-submit");
  if (submit && window.htmx) submit.hidden = true;

  var element = document.getElementById("directory-map");
  if (!element || !window.L || !L.markerClusterGroup) return;
  var data = element.dataset;
  var status = document.getElementById("directory-map-status");
  var QUEBEC = [[44.9, -79.8], [62.6, -57.1]];

  element.hidden = false;
  var map = L.map(element, { scrollWheelZoom: false, minZoom: 3, maxZoom: 13, zoomSnap: 0.5 });
  map.fitBounds(QUEBEC);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

  if (data.tilesUrl) {
    L.tileLayer(data.tilesUrl, { attribution: data.tilesAttribution || "", maxZoom: 18 }).addTo(map);
  } else {
    element.classList.add("directory-map--offline");
  }

  // The outline of the provinces (vendored, no network): Québec in front, the others paler.
  var outline = L.geoJSON(null, {
    interactive: false,
    attribution: data.outlineAttribution,
    style: function (feature) {
      var quebec = feature.properties.code === "QC";
      return {
        color: quebec ? "#16525a" : "#9fb3b8",
        weight: quebec ? 1.2 : 0.8,
        fillColor: quebec ? "#ffffff" : "#eef2f3",
        fillOpacity: data.tilesUrl ? 0 : 1,
      };
    },
  }).addTo(map);
  fetch(data.outlineUrl)
    .then(function (response) { return response.json(); })
    .then(function (geojson) {
      outline.addData(geojson);
      element.setAttribute("data-outline-drawn", "true");
    })
    .catch(function () { /* the markers still show, on a plain background */ });

  var clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? 32 : count < 100 ? 38 : 46;
      return L.divIcon({
        html: "<span>" + count + "</span>",
        className: "map-cluster",
        iconSize: [size, size],
      });
    },
  }).addTo(map);
  var radius = null;

  function pin(point) {
    return L.divIcon({
      className: point.mine ? "map-pin map-pin--mine" : "map-pin",
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      popupAnchor: [0, -8],
    });
  }

  // Built with DOM calls, never HTML strings: names come from other organisations.
  function popup(point) {
    var box = document.createElement("div");
    var name = document.createElement("strong");
    name.textContent = point.name;
    var place = document.createElement("div");
    place.className = "map-popup-place";
    place.textContent = point.mine ? point.place + " · " + data.labelMine : point.place;
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = data.labelOpen;
    box.append(name, place, link);
    return box;
  }

  function say(text) { if (status) status.textContent = text; }

  function drawRadius(results) {
    if (radius) { map.removeLayer(radius); radius = null; }
    var km = parseFloat(results.dataset.radiusKm);
    if (!km) return null;
    radius = L.circle([parseFloat(results.dataset.originLat), parseFloat(results.dataset.originLon)], {
      radius: km * 1000, color: "#e07a3f", weight: 1.5, fill: false, dashArray: "4 4", interactive: false,
    }).addTo(map);
    return radius.getBounds();
  }

  var generation = 0;
  var loadedUrl = null;
  function load() {
    var results = document.getElementById("directory-results");
    if (!results || !results.dataset.mapUrl || results.dataset.mapUrl === loadedUrl) return;
    loadedUrl = results.dataset.mapUrl;
    var mine = ++generation;
    fetch(results.dataset.mapUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (answer) {
        if (mine !== generation) return; // a newer filter change already asked again
        clusters.clearLayers();
        var markers = answer.points.map(function (point) {
          return L.marker([point.lat, point.lon], { icon: pin(point), title: point.name, alt: point.name })
            .bindPopup(popup(point));
        });
        clusters.addLayers(markers);
        element.setAttribute("data-markers", String(markers.length));
        var circle = drawRadius(results);
        if (circle) map.fitBounds(circle, { padding: [12, 12] });
        else if (markers.length) map.fitBounds(clusters.getBounds(), { padding: [24, 24], maxZoom: 9 });
        else map.fitBounds(QUEBEC);
        if (!markers.length) say(data.labelEmpty);
        else if (answer.shown < answer.total) {
          say(data.labelCapped.replace("{shown}", answer.shown).replace("{total}", answer.total));
        } else say("");
      })
      .catch(function () { say(""); });
  }

  load();
  // After HTMX replaced the list, its data-map-url carries the new filters.
  document.body.addEventListener("htmx:afterSettle", load);
})();
