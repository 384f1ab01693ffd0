"""How far can this data go? A ceiling check for the valuation accuracy goal (issue 3).

Not part of the build or the tests: a diagnostic, in Python because scikit-learn's gradient boosting
is the quickest strong, independent learner to hold our engine against. Run from the repo root:

    apt-get install -y python3-sklearn python3-pandas        # Debian packages
    python3 packages/core/experiments/ceiling.py leaky        # ~1 min
    python3 packages/core/experiments/ceiling.py forward 2014-10-01 2014-12-31   # ~3 min
    python3 packages/core/experiments/ceiling.py blend 2014-10-01 2014-12-31 <engine.csv>

leaky    5-fold cross-validation over the whole file: each sale is predicted by a model trained on 80%
         of all sales, EARLIER AND LATER ones. Production never has later sales, so this is an
         optimistic ceiling for a learner of this kind on these fields.
forward  one model per week, trained on every county sale dated before that week (not just the
         candidates an MLS search around the subject returns, as production and the engine use).
blend    geometric mean of the engine's estimates (`npm run estimate` output for the same subjects)
         and the forward model's; the weight is fixed at 0.5, not tuned.
"""
import sys
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import KFold

SALES = '../shared/data/king-county/sales_2014-05_2015-03.csv'
df = pd.read_csv(SALES, parse_dates=['sale_date'], dtype={'parcel_id': str})
df['t'] = (df.sale_date - pd.Timestamp('2014-05-01')).dt.days
FEATURES = ['t', 'latitude', 'longitude', 'bedrooms', 'bathrooms', 'sqft_living', 'sqft_lot', 'floors',
            'waterfront', 'view', 'condition', 'grade', 'sqft_above', 'sqft_basement', 'yr_built',
            'yr_renovated', 'sqft_living15', 'sqft_lot15', 'zip']
for angle in (15, 30, 45, 60, 75):  # rotated coordinates help trees draw diagonal boundaries
    r = np.deg2rad(angle)
    df[f'rot{angle}'] = df.latitude * np.cos(r) + df.longitude * np.sin(r)
    FEATURES.append(f'rot{angle}')
X = df[FEATURES].values.astype(float)
y = np.log(df.price.values)


def model():
    return HistGradientBoostingRegressor(max_iter=3000, learning_rate=0.02, max_leaf_nodes=63,
                                         min_samples_leaf=20, l2_regularization=1.0,
                                         early_stopping=False, loss='absolute_error', random_state=0)


def report(label, estimate, price):
    ratio = estimate / price - 1
    err = np.abs(ratio)
    print(f'{label:34s} n={len(err):5d}  median abs {np.median(err) * 100:5.2f}%  within 10% '
          f'{np.mean(err < 0.1) * 100:4.1f}%  within 20% {np.mean(err < 0.2) * 100:4.1f}%  '
          f'bias {np.median(ratio) * 100:+.2f}%')


def leaky():
    pred = np.zeros(len(y))
    for train, test in KFold(5, shuffle=True, random_state=0).split(X):
        pred[test] = model().fit(X[train], y[train]).predict(X[test])
    for label, lo, hi in [('all', '2014-05-01', '2015-03-31'), ('Oct-Dec 2014', '2014-10-01', '2014-12-31'),
                          ('Jan-Mar 2015', '2015-01-01', '2015-03-31')]:
        mask = np.asarray((df.sale_date >= lo) & (df.sale_date <= hi))
        report(f'leaky 5-fold, {label}', np.exp(pred[mask]), df.price.values[mask])


def forward(lo, hi):
    test = np.where((df.sale_date >= lo) & (df.sale_date <= hi))[0]
    pred = np.full(len(y), np.nan)
    for week in pd.date_range(lo, hi, freq='7D'):
        days = df.sale_date.values[test]
        idx = test[(days >= np.datetime64(week)) & (days < np.datetime64(week + pd.Timedelta(days=7)))]
        if len(idx):
            train = np.where(df.sale_date < week)[0]
            pred[idx] = model().fit(X[train], y[train]).predict(X[idx])
    out = df.iloc[test][['parcel_id', 'sale_date', 'price']].copy()
    out['forward'] = np.exp(pred[test])
    return out


if __name__ == '__main__':
    mode = sys.argv[1] if len(sys.argv) > 1 else 'leaky'
    if mode == 'leaky':
        leaky()
    else:
        lo, hi = sys.argv[2], sys.argv[3]
        out = forward(lo, hi)
        report(f'forward county-wide, {lo}..{hi}', out.forward.values, out.price.values)
        if mode == 'blend':
            engine = pd.read_csv(sys.argv[4], dtype={'parcel_id': str}, parse_dates=['sale_date'])
            both = out.merge(engine[['parcel_id', 'sale_date', 'estimate']], on=['parcel_id', 'sale_date'])
            report('engine', both.estimate.values, both.price.values)
            report('blend 0.5 engine + 0.5 forward', np.sqrt(both.estimate.values * both.forward.values),
                   both.price.values)
