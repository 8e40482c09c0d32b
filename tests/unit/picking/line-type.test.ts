import { describe, expect, it } from 'vitest';
import { firstBreakPhase, guessLineType, modelMadeFor } from '../../../src-main/picking/line-type';

describe('line types', () => {
  it('are guessed from the components: horizontals alone an S line, with verticals 3C', () => {
    expect(guessLineType(['Z', 'Z'])).toBe('P');
    expect(guessLineType(['', ''])).toBe('P');
    expect(guessLineType([])).toBe('P');
    expect(guessLineType(['Z', 'E', 'N'])).toBe('3C');
    expect(guessLineType(['Z', 'X'])).toBe('3C');
    expect(guessLineType(['h', 'H', ''])).toBe('S');
    expect(guessLineType(['E'])).toBe('S');
  });

  it('name the phase of the first break', () => {
    expect(firstBreakPhase('S')).toBe('S');
    expect(firstBreakPhase('P')).toBe('P');
    expect(firstBreakPhase('3C')).toBe('P');
  });

  it("tell the lines a model is made for from its card, P lines' when it says nothing", () => {
    expect(modelMadeFor(undefined, 'P')).toBe(true);
    expect(modelMadeFor(undefined, '3C')).toBe(true);
    expect(modelMadeFor(undefined, 'S')).toBe(false);
    expect(modelMadeFor(['S'], 'S')).toBe(true);
    expect(modelMadeFor(['S'], 'P')).toBe(false);
  });
});
