import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimplyRetsClient, type SimplyRetsClient } from '../src/client/simplyrets-client';
import { startLocalMlsServer, type LocalMlsServer } from '../src/server/local-mls-server';
import { interpolateOnStreet } from '../src/street-geocode';
import { suggestAddresses } from '../src/suggest';

const street = (address: string, latitude: number, longitude: number, postalCode = '98116') => ({
  address,
  city: 'Seattle',
  postalCode,
  latitude,
  longitude,
});
const known = [
  street('4137 48th Ave SW', 47.5655, -122.394),
  street('4420 48th Ave SW', 47.5641, -122.393),
  street('4822 48th Ave SW', 47.5587, -122.393),
  street('4300 48th Ave NE', 47.66, -122.28, '98105'),
];

describe('interpolateOnStreet (geocoding stand-in)', () => {
  it('places a house between its neighbours on the same street by house number', () => {
    expect(interpolateOnStreet('4300 48th Ave SW', known)).toEqual({
      address: '4300 48th Ave SW',
      city: 'Seattle',
      postalCode: '98116',
      latitude: 47.564694,
      longitude: -122.393424,
    });
    // a missing suffix still names the street; one neighbour within reach is used as it is
    expect(interpolateOnStreet('4900 48th Ave SW', known)).toMatchObject({ address: '4900 48th Ave SW', latitude: 47.5587, longitude: -122.393 });
  });

  it('does not guess: a known house, another street, a partial street name, no house number, neighbours too far', () => {
    expect(interpolateOnStreet('4420 48th Ave SW', known)).toBeNull();
    expect(interpolateOnStreet('4300 49th Ave SW', known)).toBeNull();
    expect(interpolateOnStreet('4300 48', known)).toBeNull();
    expect(interpolateOnStreet('48th Ave SW', known)).toBeNull();
    expect(interpolateOnStreet('9000 48th Ave SW', known)).toBeNull();
  });
});

describe('suggestAddresses with the local MLS', () => {
  let server: LocalMlsServer;
  let client: SimplyRetsClient;
  beforeAll(async () => {
    server = await startLocalMlsServer();
    client = createSimplyRetsClient({ baseUrl: server.url, key: 'simplyrets', secret: 'simplyrets' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('suggests a house the MLS has no listing for, located on its street (no mlsId)', async () => {
    const [first] = await suggestAddresses(client, '4300 48th Ave SW');
    expect(first).toMatchObject({ address: '4300 48th Ave SW', postalCode: '98116', mlsId: null });
    expect(first!.latitude).toBeGreaterThan(47.5641);
    expect(first!.latitude).toBeLessThan(47.5655);
    // a house it knows is suggested as before, with its listing
    expect((await suggestAddresses(client, '4420 48th Ave SW'))[0]).toMatchObject({ address: '4420 48th Ave SW', mlsId: expect.any(String) });
  });
});
