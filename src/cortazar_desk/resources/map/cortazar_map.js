// The inventory map: markers, clustering, popups, legend, reference layers and the location picker.
//
// Every string that comes from the office's data reaches the page through textContent or a DOM attribute set by
// script, never through innerHTML or a template: a folio like "<img onerror=...>" or "${alert(1)}" stays text.
// Talks to the app through window.CD.bridge (QWebChannel) when it exists; the standalone export has none.
"use strict";

window.CD = (function () {
  const STATUS_COLOURS = {
    vigente: "#2e7d32", por_vencer: "#f9a825", vencido: "#c62828", sin_permiso: "#ad1457", no_requiere: "#607d8b",
  };
  // Shapes per type code (SVG path data in a 24x24 box); a type the office adds later gets a circle with its letter.
  const SHAPES = {
    ESP: "M3 4h18v9H3z M11 13h2v8h-2z",               // billboard on a pole
    BAR: "M2 8h20v10H2z M2 13h20 M8 8v5 M16 8v5 M12 13v5", // brick wall
    LON: "M4 4h16v12H4z M4 4l-1 -1 M20 4l1 -1",        // banner
    PEN: "M6 3h12v12l-6 4-6-4z",                       // pennant
    MAM: "M5 3h14v14H5z M8 17v4 M16 17v4",             // freestanding board
    VAL: "M2 6h20v8H2z M5 14v6 M19 14v6",              // fence board
  };
  const state = {
    map: null, cluster: null, markers: new Map(), data: null, icons: new Map(), bridge: null, pick: null,
    started: 0,
  };

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function xml(text) {
    return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }

  function iconFor(typeCode, status) {
    const key = typeCode + "|" + status;
    let icon = state.icons.get(key);
    if (icon) return icon;
    const colour = STATUS_COLOURS[status] || "#455a64";
    const shape = SHAPES[typeCode];
    const glyph = shape
      ? '<path d="' + shape + '" fill="none" stroke="#fff" stroke-width="1.6" transform="translate(8 6) scale(0.67)"/>'
      : '<text x="16" y="20" font-size="11" font-family="sans-serif" font-weight="bold" fill="#fff" ' +
        'text-anchor="middle">' + xml(String(typeCode).slice(0, 1)) + "</text>";
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="40" viewBox="0 0 32 40">' +
      '<path d="M16 39C16 39 3 24 3 15a13 13 0 0 1 26 0c0 9-13 24-13 24z" fill="' + colour +
      '" stroke="#263238" stroke-width="1.2"/>' + glyph + "</svg>";
    icon = L.icon({
      iconUrl: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg),
      iconSize: [26, 32], iconAnchor: [13, 32], popupAnchor: [0, -28],
    });
    state.icons.set(key, icon);
    return icon;
  }

  function popupFor(index) {
    const d = state.data;
    const id = d.ids[index];
    const box = el("div", "cd-popup");
    box.appendChild(el("div", "cd-folio", d.folios[index]));
    box.appendChild(el("div", "cd-type", d.typeNames[d.types[index]]));
    box.appendChild(el("div", "cd-address", d.addresses[index]));
    const status = el("div", "cd-status", d.statusLabels[d.statuses[index]]);
    status.style.borderLeftColor = STATUS_COLOURS[d.statusKeys[d.statuses[index]]] || "#455a64";
    box.appendChild(status);
    if (d.photos && d.photos[index]) {
      const img = el("img", "cd-photo");
      img.alt = "Foto";
      img.src = "app://local/photo/" + Number(id);
      box.appendChild(img);
    }
    if (state.bridge) {
      const open = el("button", "cd-open", "Abrir ficha");
      open.type = "button";
      open.addEventListener("click", () => state.bridge.openAsset(id));
      box.appendChild(open);
    }
    return box;
  }

  // A cluster shows how many assets it holds, ringed with the colour of the most urgent permit status among them
  // (the plugin's default green/yellow/red by count would read as permit colours).
  function clusterIcon(cluster) {
    let worst = 99;
    for (const marker of cluster.getAllChildMarkers()) {
      const rank = marker.options.urgency;
      if (rank < worst) { worst = rank; if (worst === 0) break; }
    }
    const key = state.data.statusKeys[worst] || "no_requiere";
    const count = cluster.getChildCount();
    const size = count < 100 ? 34 : count < 1000 ? 40 : 46;
    const node = el("div", "cd-cluster", count);
    node.style.borderColor = STATUS_COLOURS[key] || "#455a64";
    node.style.width = node.style.height = node.style.lineHeight = (size - 6) + "px";
    return L.divIcon({ html: node.outerHTML, className: "cd-cluster-icon", iconSize: [size, size] });
  }

  function buildMarkers() {
    const d = state.data;
    const list = [];
    for (let i = 0; i < d.ids.length; i++) {
      const marker = L.marker([d.lats[i], d.lons[i]], {
        icon: iconFor(d.typeCodes[d.types[i]], d.statusKeys[d.statuses[i]]), assetId: d.ids[i],
        urgency: d.statuses[i],
      });
      marker.bindPopup(() => popupFor(i), { maxWidth: 260 });
      state.markers.set(d.ids[i], marker);
      list.push(marker);
    }
    return list;
  }

  function report(count) {
    const elapsed = Math.round(performance.now());
    document.title = "cd-ready:" + count;  // the benchmark and the tests watch for this
    window.CD_READY = { count: count, ms: elapsed };
    if (state.bridge) state.bridge.readyCount(count);
  }

  function fill(markers) {
    state.cluster.clearLayers();
    if (!markers.length) { report(0); return; }
    state.cluster.options.chunkProgress = function (done, total) {
      if (done >= total) report(total);
    };
    state.cluster.addLayers(markers);
  }

  function legend() {
    const d = state.data;
    const control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      const box = el("div", "cd-legend");
      box.appendChild(el("div", "cd-legend-title", "Permiso"));
      d.statusKeys.forEach((key, n) => {
        const row = el("div", "cd-legend-row");
        const swatch = el("span", "cd-swatch");
        swatch.style.background = STATUS_COLOURS[key] || "#455a64";
        row.appendChild(swatch);
        row.appendChild(el("span", null, d.statusLabels[n]));
        box.appendChild(row);
      });
      box.appendChild(el("div", "cd-legend-title", "Tipo"));
      d.typeCodes.forEach((code, n) => {
        const row = el("div", "cd-legend-row");
        const img = el("img", "cd-legend-icon");
        img.src = iconFor(code, "no_requiere").options.iconUrl;
        img.alt = "";
        row.appendChild(img);
        row.appendChild(el("span", null, d.typeNames[n]));
        box.appendChild(row);
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(state.map);
  }

  function referenceLayers(layers) {
    const group = [];
    if (layers.boundary) {
      const boundary = L.geoJSON(layers.boundary, {
        style: { color: "#7a1f3d", weight: 3, fill: false, dashArray: "6 4" }, interactive: false,
      }).addTo(state.map);
      group.push(boundary);
    }
    if (layers.localities) {
      const labelled = [];
      const declutter = () => {
        // A name only where its locality is wide enough on screen to hold it: dozens of small fraccionamientos
        // otherwise bury the map in overlapping words.
        for (const layer of labelled) {
          const tip = layer.getTooltip();
          const node = tip ? tip.getElement() : null;
          if (!node) continue;
          const b = layer.getBounds();
          const width = state.map.latLngToLayerPoint(b.getNorthEast()).x -
            state.map.latLngToLayerPoint(b.getSouthWest()).x;
          node.style.visibility = width >= 60 || state.map.getZoom() >= 16 ? "visible" : "hidden";
        }
      };
      state.map.on("zoomend", declutter);
      state.map.whenReady(() => setTimeout(declutter, 0));
      L.geoJSON(layers.localities, {
        interactive: state.mode !== "pick",  // when picking a point, a click anywhere is the point
        style: { color: "#37474f", weight: 1, fillColor: "#90a4ae", fillOpacity: 0.12 },
        onEachFeature: function (feature, layer) {
          const name = feature.properties && feature.properties.name ? String(feature.properties.name) : "";
          if (!name) return;
          layer.bindTooltip(el("span", null, name), {
            permanent: true, direction: "center", className: "cd-locality-label",
          });
          labelled.push(layer);
          layer.on("click", () => { if (state.bridge) state.bridge.localityClicked(name); });
        },
      }).addTo(state.map);
    }
    if (group.length && !state.data.ids.length) {
      state.map.fitBounds(group[0].getBounds());
    }
  }

  function showOnly(ids) {
    if (ids === null) { fill(Array.from(state.markers.values())); return; }
    const list = [];
    for (const id of ids) {
      const marker = state.markers.get(id);
      if (marker) list.push(marker);
    }
    fill(list);
  }

  function focus(id) {
    const marker = state.markers.get(id);
    if (!marker) return false;
    state.cluster.zoomToShowLayer(marker, () => marker.openPopup());
    return true;
  }

  function startPicking(map, lat, lon) {
    const start = lat === null ? map.getCenter() : L.latLng(lat, lon);
    const marker = L.marker(start, { draggable: true, autoPan: true }).addTo(map);
    if (lat !== null) map.setView(start, Math.max(map.getZoom(), 17));
    const send = () => {
      const p = marker.getLatLng();
      window.CD_PICKED = { lat: p.lat, lon: p.lng };
      if (state.bridge) state.bridge.pointPicked(p.lat, p.lng);
    };
    marker.on("dragend", send);
    map.on("click", (e) => { marker.setLatLng(e.latlng); send(); });
    state.pick = marker;
  }

  function connectBridge(then) {
    if (typeof QWebChannel === "undefined" || typeof qt === "undefined") { then(); return; }
    new QWebChannel(qt.webChannelTransport, (channel) => {
      state.bridge = channel.objects.bridge || null;
      then();
    });
  }

  function start(map, options) {
    state.map = map;
    state.started = performance.now();
    state.cluster = L.markerClusterGroup({
      chunkedLoading: true, chunkInterval: 200, chunkDelay: 1, iconCreateFunction: clusterIcon,
    });
    state.cluster.on("click", (e) => {
      const id = e.layer && e.layer.options ? e.layer.options.assetId : null;
      if (state.bridge && id !== null && id !== undefined) state.bridge.markerClicked(id);
    });
    map.addLayer(state.cluster);
    const data = options.data;
    state.data = data;
    state.mode = options.mode;
    connectBridge(() => {
      if (options.layers) referenceLayers(options.layers);
      if (options.mode === "pick") {
        startPicking(map, options.pickLat, options.pickLon);
        report(0);
        return;
      }
      legend();
      fill(buildMarkers());
    });
  }

  function readJson(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  return { start: start, showOnly: showOnly, focus: focus, readJson: readJson, state: state };
})();
