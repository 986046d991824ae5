# bite-exemplar: begin
from collections import Counter
from math import comb

n = int(input())
colors = Counter(input().split())
print(sum(comb(k, 2) for k in colors.values()))
# bite-exemplar: end
