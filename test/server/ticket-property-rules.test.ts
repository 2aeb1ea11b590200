import { describe, expect, it } from 'vitest';
import { onPublicReply, onStatusChange, retarget, startSla, viewTarget } from '../../src/core/sla.js';
import { resolveMentions } from '../../src/core/mentions.js';
import { renderTemplate, unknownPlaceholders } from '../../src/core/templates.js';
import { DeskError } from '../../src/core/errors.js';
import { sentimentOf } from '../../src/core/sentiment.js';
import { canonicalValue } from '../../src/core/custom-fields.js';

const H = 3_600_000;

describe('SLA clock rules', () => {
  it('pauses while pending, stops when resolved, and counts neither', () => {
    let s = startSla({ responseMs: H, resolutionMs: 8 * H }, 0, 'open');
    s = onStatusChange(s, 'open', 'pending', 0.5 * H);
    expect(viewTarget(s, s.response, 5 * H)).toMatchObject({ status: 'paused', leftMs: 0.5 * H });
    s = onStatusChange(s, 'pending', 'open', 5 * H);
    expect(s.response.dueAt).toBe(5.5 * H);
    s = onPublicReply(s, 5.25 * H);
    expect(viewTarget(s, s.response, 6 * H)).toMatchObject({ status: 'met', met: true, breached: false });
    s = onStatusChange(s, 'open', 'resolved', 6 * H);
    expect(viewTarget(s, s.resolution, 20 * H)).toMatchObject({ status: 'met' });
    s = onStatusChange(s, 'resolved', 'open', 10 * H);
    expect(viewTarget(s, s.resolution, 10 * H)).toMatchObject({ status: 'running', leftMs: 8 * H - 1.5 * H });
  });

  it('marks a target met late as breached, and retargets from the start excluding pauses', () => {
    let s = startSla({ responseMs: H, resolutionMs: null }, 0, 'open');
    s = onPublicReply(s, 2 * H);
    expect(viewTarget(s, s.response, 2 * H)).toMatchObject({ met: false, breached: true, status: 'breached' });
    let t = startSla({ responseMs: H, resolutionMs: 8 * H }, 0, 'open');
    t = onStatusChange(t, 'open', 'pending', 0);
    t = onStatusChange(t, 'pending', 'open', H);
    t = retarget(t, { responseMs: 4 * H, resolutionMs: null });
    expect(t.response.dueAt).toBe(5 * H);
    expect(viewTarget(t, t.resolution, 0)).toBeNull();
  });
});

describe('mentions, templates, sentiment, field values', () => {
  const techs = [
    { id: 1, name: 'Sam Rivera', email: 'sam@example.com' },
    { id: 2, name: 'Sam Stone', email: 'stone@example.com' },
    { id: 3, name: 'Kim Lee', email: 'kim.lee@example.com' },
  ];
  it('resolves @mentions by e-mail local part, dotted full name or unique first name', () => {
    const ids = (text: string) => resolveMentions(text, techs).map((t) => t.id);
    expect(ids('@sam and @kim please')).toEqual([1, 3]);
    expect(ids('@sam.stone, @kim.lee.')).toEqual([2, 3]);
    expect(ids('mail kim@example.com or @nobody')).toEqual([]);
    expect(ids('@Sam_Rivera @sam_rivera')).toEqual([1]);
  });
  it('fills templates and spots unknown placeholders', () => {
    expect(renderTemplate('Hi {{requester.name}} ({{ticket.id}})', { 'requester.name': 'Mel', 'ticket.id': '7' })).toBe(
      'Hi Mel (7)',
    );
    expect(unknownPlaceholders('{{ticket.id}} {{foo.bar}}')).toEqual(['foo.bar']);
    expect(unknownPlaceholders('Hi {{requester.first_name|there}}, {{foo|x}}')).toEqual(['foo']);
  });
  it('fills a field without a value from the default the template names, and refuses one without a default', () => {
    expect(renderTemplate('Hi {{requester.first_name|there}},', { 'requester.first_name': '' })).toBe('Hi there,');
    expect(renderTemplate('Hi {{ requester.first_name | there }},', { 'requester.first_name': 'Mel' })).toBe('Hi Mel,');
    const refused = (() => {
      try {
        renderTemplate('Hi {{requester.name}}, about {{ticket.id}}', { 'requester.name': '', 'ticket.id': '7' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(DeskError);
    expect((refused as DeskError).code).toBe('invalid');
    expect((refused as DeskError).message).toBe(
      'this ticket has no value for {{requester.name}}: set it on the ticket, or give the template a default, e.g. {{requester.name|there}}',
    );
  });
  it('judges sentiment locally', () => {
    expect(sentimentOf([])).toBeNull();
    expect(sentimentOf(['This is not good at all, terrible'])).toBe('negative');
    expect(sentimentOf(['Printer model 4100'])).toBe('neutral');
    expect(sentimentOf(['still broken', 'great, thanks, it works!'])).toBe('positive');
  });
  it('canonicalises and validates field values', () => {
    expect(canonicalValue({ name: 'n', kind: 'number', choices: null }, ' 007.50 ')).toBe('7.5');
    expect(() => canonicalValue({ name: 'd', kind: 'date', choices: null }, '2026-02-29')).toThrow(/YYYY-MM-DD/);
    expect(canonicalValue({ name: 'c', kind: 'choice', choices: ['Prod'] }, 'prod')).toBe('Prod');
  });
});
