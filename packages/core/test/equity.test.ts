import { describe, expect, it } from 'vitest';
import { balanceAfterPayments, equity, monthlyPayment, netProceeds, paymentsMadeBy, remainingBalance } from '../src/equity';

/** An amortisation table built month by month (interest rounded to cents), independent of the closed form. */
function tableBalance(principal: number, ratePct: number, years: number, payments: number): number {
  const payment = monthlyPayment(principal, ratePct, years);
  let balance = principal;
  for (let i = 0; i < payments; i++) {
    const interest = Math.round(balance * (ratePct / 1200) * 100) / 100;
    balance = Math.round((balance - (payment - interest)) * 100) / 100;
  }
  return balance;
}

describe('monthly payment', () => {
  it('matches worked examples', () => {
    expect(monthlyPayment(400_000, 6, 30)).toBe(2398.2);
    expect(monthlyPayment(200_000, 6, 30)).toBe(1199.1);
    expect(monthlyPayment(300_000, 4.5, 15)).toBe(2294.98);
    expect(monthlyPayment(120_000, 0, 10)).toBe(1000);
  });
});

describe('remaining balance', () => {
  it('matches published amortisation table values', () => {
    // $100,000 at 6% for 30 years: balance after the first year is $98,772 (standard table).
    expect(balanceAfterPayments(100_000, 6, 30, 12)).toBeCloseTo(98_772, 0);
    // $400,000 at 6% for 30 years: after 12 payments $395,088; after 60 payments $372,217.
    expect(balanceAfterPayments(400_000, 6, 30, 12)).toBeCloseTo(395_088, 0);
    expect(balanceAfterPayments(400_000, 6, 30, 60)).toBeCloseTo(372_217.58, 0);
  });

  it('agrees with a month-by-month table within a dollar for many loans', () => {
    for (const [p, rate, years, k] of [
      [400_000, 6, 30, 1],
      [250_000, 3.25, 30, 100],
      [300_000, 4.5, 15, 36],
      [525_000, 7.125, 30, 200],
    ] as const) {
      expect(Math.abs(balanceAfterPayments(p, rate, years, k) - tableBalance(p, rate, years, k))).toBeLessThan(1);
    }
  });

  it('is the principal before any payment and zero once the term is over', () => {
    expect(balanceAfterPayments(400_000, 6, 30, 0)).toBe(400_000);
    expect(balanceAfterPayments(400_000, 6, 30, 360)).toBe(0);
    expect(balanceAfterPayments(400_000, 6, 30, 500)).toBe(0);
  });

  it('counts whole months between dates', () => {
    expect(paymentsMadeBy('2020-01-15', '2020-01-31')).toBe(0);
    expect(paymentsMadeBy('2020-01-15', '2020-02-14')).toBe(0);
    expect(paymentsMadeBy('2020-01-15', '2020-02-15')).toBe(1);
    expect(paymentsMadeBy('2020-01-15', '2025-01-15')).toBe(60);
    expect(paymentsMadeBy('2025-01-15', '2020-01-15')).toBe(0);
  });

  it('derives the loan from purchase price less down payment', () => {
    const terms = { purchasePrice: 500_000, downPayment: 100_000, startDate: '2020-01-01', annualRatePct: 6, termYears: 30 };
    expect(remainingBalance(terms, '2025-01-01')).toBeCloseTo(372_217.58, 0);
    expect(remainingBalance({ ...terms, loanAmount: 200_000 }, '2025-01-01')).toBeCloseTo(186_108.8, 0);
  });
});

describe('equity and net proceeds', () => {
  it('subtracts what is owed from the estimate and its range', () => {
    expect(equity({ low: 560_000, value: 600_000, high: 640_000 }, 372_217.58)).toEqual({
      low: 187_782.42,
      value: 227_782.42,
      high: 267_782.42,
    });
  });

  it('works out a sale: $600,000 at 5.5% commission and 1.5% closing costs with $372,217.58 owed', () => {
    expect(netProceeds({ salePrice: 600_000, commissionPct: 5.5, closingCostPct: 1.5, payoff: 372_217.58 })).toEqual({
      salePrice: 600_000,
      commission: 33_000,
      closingCosts: 9_000,
      payoff: 372_217.58,
      net: 185_782.42,
    });
  });
});
