/**
 * A local stand-in for a map tile host (MAP_STYLE_URL in tests): a MapLibre style JSON whose raster
 * raster source points back at this server (plus a GeoJSON layer, which MapLibre parses in its worker), and 256 px PNG tiles drawn here (a checkerboard per tile), served
 * with CORS as real tile hosts do. Counts what it served, so a test can see the map really fetched tiles.
 */
import http from 'node:http';
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 256 × 256 RGB PNG: a two-tone checkerboard (light grey streets on a pale background, roughly). */
function tilePng(): Buffer {
  const size = 256;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const light = (Math.floor(x / 32) + Math.floor(y / 32)) % 2 === 0;
      row.set(light ? [242, 239, 233] : [220, 220, 220], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface MapTileServer {
  /** e.g. http://localhost:51234 */
  origin: string;
  styleUrl: string;
  served: { style: number; tiles: number };
  close(): Promise<void>;
}

export async function startMapTileServer(): Promise<MapTileServer> {
  const png = tilePng();
  const served = { style: 0, tiles: 0 };
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const cors = { 'access-control-allow-origin': '*' };
    if (url.pathname === '/style.json') {
      served.style++;
      const style = {
        version: 8,
        name: 'Local test tiles',
        sources: {
          // vector data, as a real style has: MapLibre parses it in its worker (so the worker must be allowed to run)
          parks: {
            type: 'geojson',
            data: {
              type: 'Feature',
              properties: {},
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [-122.36, 47.65],
                    [-122.33, 47.65],
                    [-122.33, 47.67],
                    [-122.36, 47.67],
                    [-122.36, 47.65],
                  ],
                ],
              },
            },
          },
          streets: { type: 'raster', tiles: [`${origin}/tiles/{z}/{x}/{y}.png`], tileSize: 256, maxzoom: 19, attribution: 'Local test tiles' },
        },
        layers: [
          { id: 'background', type: 'background', paint: { 'background-color': '#f2efe9' } },
          { id: 'streets', type: 'raster', source: 'streets' },
          { id: 'park', type: 'fill', source: 'parks', paint: { 'fill-color': '#b7dfb0', 'fill-opacity': 0.6 } },
        ],
      };
      return res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(JSON.stringify(style));
    }
    if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(url.pathname)) {
      served.tiles++;
      return res.writeHead(200, { 'content-type': 'image/png', ...cors }).end(png);
    }
    res.writeHead(404, cors).end();
  });
  // "localhost", not 127.0.0.1: a different origin from a page served on 127.0.0.1, as a real tile host is
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://localhost:${(server.address() as { port: number }).port}`;
  return {
    origin,
    styleUrl: `${origin}/style.json`,
    served,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
