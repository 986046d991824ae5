# bite-exemplar: begin
from collections import Counter

from scipy.special import comb

n = int(input())
colors = Counter(input().split())
print(sum(comb(k, 2, exact=True) for k in colors.values()))
# bite-exemplar: end
