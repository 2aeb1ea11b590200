/**
 * The transfer and conference pickers: fresh from the server each time they open, each technician
 * with their availability and load, Offline and RONA ones not to be chosen, filtered as you type.
 */
import { describe, expect, it } from 'vitest';
import type { Presence } from '../../../src/core/chat.js';
import { pickerOptions } from '../../../src/tui/select.js';
import type { State } from '../../../src/tui/state.js';
import { NOW, iso } from '../fixtures.js';
import { DIRECTORY, KIM, LEE, desk, onChat, queue, technician } from './harness.js';

const presenceOf = (
  id: number,
  name: string,
  state: Presence['state'],
  activeChats: number,
  maxChats: number | null,
): Presence => ({ technician: { id, name }, state, reason: null, since: iso(NOW), activeChats, maxChats });

function shown(s: State): Array<[string, string | undefined, boolean]> {
  const m = s.modal;
  if (m.kind !== 'picker') throw new Error(`no picker open (${m.kind})`);
  return pickerOptions(m).map((o) => [o.label, o.hint, o.disabled !== undefined]);
}

describe('technician pickers', () => {
  it('lists technicians and queues added after the TUI started, when the transfer picker opens', async () => {
    const d = desk(...onChat());
    const ana = technician(9, 'Ana Lima');
    d.fake.answer('technicians', () => [
      ...(DIRECTORY.type === 'directory' ? DIRECTORY.directory.technicians! : []),
      ana,
    ]);
    d.fake.answer('queues', () => [queue(1, 'default'), queue(2, 'billing', 'pick'), queue(5, 'network')]);
    await d.press('t');
    expect(shown(d.state()).map(([label]) => label)).toEqual([
      'Kim Park',
      'Lee Chen',
      'Ana Lima',
      'default',
      'billing',
      'network',
    ]);
    // Chosen like any other.
    await d.press('down', 'down', 'return', 'return', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'transfer', args: [7, { toTechnicianId: 9, reason: 'Resolved' }] }]);
  });

  it('lists a technician added since, when the conference picker opens again', async () => {
    const d = desk(...onChat());
    await d.press('c');
    expect(shown(d.state()).map(([label]) => label)).toEqual(['Kim Park', 'Lee Chen']);
    await d.press('escape');
    d.fake.answer('technicians', () => [technician(2, 'Sam Rivera'), KIM, LEE, technician(9, 'Ana Lima')]);
    await d.press('c');
    expect(shown(d.state()).map(([label]) => label)).toEqual(['Kim Park', 'Lee Chen', 'Ana Lima']);
  });

  it("shows each technician's availability and chats of their limit; Offline and RONA cannot be picked", async () => {
    const d = desk(...onChat());
    const ana = technician(9, 'Ana Lima');
    const bo = technician(10, 'Bo Berg');
    d.fake.answer('technicians', () => [technician(2, 'Sam Rivera'), KIM, LEE, ana, bo]);
    d.fake.answer('team', () => [
      presenceOf(KIM.id, KIM.name, 'offline', 0, 3),
      presenceOf(LEE.id, LEE.name, 'available', 1, 3),
      presenceOf(9, 'Ana Lima', 'rona', 0, null),
      presenceOf(10, 'Bo Berg', 'away', 2, 2),
    ]);
    await d.press('t');
    expect(shown(d.state()).slice(0, 4)).toEqual([
      ['Kim Park', 'Offline · 0/3 chats', true],
      ['Lee Chen', 'Available · 1/3 chats', false],
      ['Ana Lima', 'RONA · 0/∞ chats', true],
      ['Bo Berg', 'Away · 2/2 chats, full', false],
    ]);
    // The first technician who can be chosen is selected.
    const m = d.state().modal;
    expect(m.kind === 'picker' && pickerOptions(m)[m.selected]?.label).toBe('Lee Chen');
    // Choosing an Offline one says why not and keeps the picker open.
    await d.press('up', 'return');
    expect(d.flash()).toEqual({ text: 'Kim Park is Offline and cannot take a chat.', tone: 'error' });
    expect(d.state().modal).toMatchObject({ kind: 'picker', purpose: { kind: 'transfer-target' } });
    await d.press('down', 'down', 'return');
    expect(d.flash()?.text).toBe('Ana Lima is in RONA (missed an offer) and cannot take a chat until Available again.');
    expect(d.fake.sent()).toEqual([]);
  });

  it('keeps availability current from the stream', async () => {
    const d = desk(...onChat());
    d.fake.answer('team', () => [presenceOf(LEE.id, LEE.name, 'available', 0, null)]);
    await d.press('t');
    expect(shown(d.state())[1]).toEqual(['Lee Chen', 'Available · 0/∞ chats', false]);
    await d.press('escape');
    d.fake.answer('team', () => {
      throw new Error('unreachable');
    });
    d.dispatch({
      type: 'event',
      event: { kind: 'presence', presence: presenceOf(LEE.id, LEE.name, 'offline', 0, null) },
    });
    await d.press('t');
    // The reload failed: the picker shows what the stream said, and the error.
    expect(shown(d.state())[1]).toEqual(['Lee Chen', 'Offline · 0/∞ chats', true]);
    expect(d.flash()).toEqual({ text: 'unreachable', tone: 'error' });
  });

  it('filters as you type (letters, not list keys), Backspace widening again', async () => {
    const d = desk(...onChat());
    await d.press('t', 'l', 'e', 'e');
    expect(shown(d.state()).map(([label]) => label)).toEqual(['Lee Chen']);
    expect(d.state().modal).toMatchObject({ filter: 'lee' });
    await d.press('backspace', 'backspace', 'backspace');
    expect(shown(d.state())).toHaveLength(4);
    await d.press('p', 'i', 'c', 'k');
    expect(shown(d.state()).map(([label]) => label)).toEqual(['billing']);
    await d.press('return', 'return', 'return');
    expect(d.fake.sent()).toEqual([{ method: 'transfer', args: [7, { toQueue: 'billing', reason: 'Resolved' }] }]);
  });

  it('chooses nothing when nothing matches', async () => {
    const d = desk(...onChat());
    await d.press('t', 'z', 'z', 'return');
    expect(shown(d.state())).toEqual([]);
    expect(d.fake.sent()).toEqual([]);
  });
});
