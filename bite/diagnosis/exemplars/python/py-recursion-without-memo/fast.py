from functools import cache


# bite-exemplar: begin
@cache
def climbs(steps_left, max_jump):
    """Ways to climb `steps_left` stairs taking 1..max_jump steps at a time."""
    if steps_left == 0:
        return 1
    total = 0
    for jump in range(1, min(max_jump, steps_left) + 1):
        total += climbs(steps_left - jump, max_jump)
    return total
# bite-exemplar: end


def main():
    print(climbs(23, 3) % 1000000007)


main()
