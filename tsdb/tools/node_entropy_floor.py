"""Rough entropy floor of the node workload generator (tsdb/src/test/java/.../Workload.java).

Per kind, the entropy per sample of the generator's own noise, given its parameters: what an ideal
coder that knew the generator's model could reach. Discretised Gaussians are summed exactly; wide
ones use log2(sd * sqrt(2 pi e)). Load averages are approximated by their innovation alone.
Run: python3 tsdb/tools/node_entropy_floor.py
"""
import math, random
def Hdisc(mu, sd, clip0=False):
    # entropy (bits) of round(N(mu, sd)), optionally max(0, .)
    if sd < 1e-9: return 0.0
    lo, hi = int(mu - 8*sd) - 2, int(mu + 8*sd) + 2
    if sd > 50:
        return math.log2(sd*math.sqrt(2*math.pi*math.e))
    ps = {}
    for k in range(lo, hi+1):
        a = (k-0.5-mu)/sd; b=(k+0.5-mu)/sd
        p = 0.5*(math.erf(b/math.sqrt(2))-math.erf(a/math.sqrt(2)))
        kk = max(0,k) if clip0 else k
        ps[kk] = ps.get(kk,0)+p
    return -sum(p*math.log2(p) for p in ps.values() if p>0)
def Hb(p): return 0 if p<=0 or p>=1 else -(p*math.log2(p)+(1-p)*math.log2(1-p))
R=random.Random(1); N=4000
kinds={}
# CPU
s=0
for _ in range(N):
    mode=R.randrange(8)
    rate = 1400+R.randrange(100) if mode==0 else (5+R.randrange(300) if mode<3 else R.randrange(3))
    s+=Hdisc(rate, 2*math.sqrt(rate+1), True)
kinds['CPU_SECONDS']=(20,s/N)
s=0
for _ in range(N):
    rate=math.exp(R.random()*math.log(1e6)); idle=R.randrange(3)==0
    h=Hdisc(rate, 0.3*rate, True)
    s+= (Hb(1/20)+h/20) if idle else h
kinds['INTEGER_COUNTER']=(15,s/N)
s=0
for _ in range(N):
    p=R.random(); pages=math.exp(R.random()*math.log(1000))
    # value changes w.p. p by round(N(0,pages)) pages (a 0 step is possible too)
    s+=Hb(p)+p*Hdisc(0,pages)
kinds['PAGE_GAUGE']=(15,s/N)
s=0
for _ in range(N):
    mean=math.exp(R.random()*math.log(2000)); s+=Hdisc(mean, math.sqrt(mean), True)
kinds['SMALL_GAUGE']=(10,s/N)
s=0
for a in (0.22,0.05,0.017): s+=Hdisc(0,100*a)
kinds['LOAD_AVERAGE']=(5,s/3)
s=0
for _ in range(N):
    rate=math.exp(R.random()*math.log(5000)); s+=Hdisc(rate,0.5*rate,True)
kinds['DISK_SECONDS']=(5,s/N)
kinds['TEMPERATURE']=(5,-(5/6*math.log2(5/6)+2*(1/12)*math.log2(1/12)))
kinds['CONSTANT']=(25,0)
tot=0
for k,(w,h) in kinds.items():
    print(f"{k:16s} {h:5.2f} bits/sample = {h/8:.3f} B (+ header)")
    tot+=w/100*h
print(f"node data entropy ~{tot:.2f} bits = {tot/8:.3f} B/sample; with a 12-byte header per 120 samples: {tot/8+12/120:.3f}")
