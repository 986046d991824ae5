import sys


def count_primes(n):
    """How many primes are below n."""
    count = 0
    for candidate in range(2, n):
        is_prime = True
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                is_prime = False
                break
            divisor += 1
        if is_prime:
            count += 1
    return count


def main():
    for line in sys.stdin:
        if line.strip():
            print(count_primes(int(line)))


main()
