# bite-exemplar: begin
def round_robin(bursts, quantum):
    queue = list(enumerate(bursts))
    clock, finish = 0, [0] * len(bursts)
    while queue:
        pid, left = queue.pop(0)
        run = min(quantum, left)
        clock += run
        if left > run:
            queue.append((pid, left - run))
        else:
            finish[pid] = clock
    return finish
# bite-exemplar: end


def main():
    bursts = [i * 7919 % 7 + 1 for i in range(75000)]
    finish = round_robin(bursts, 4)
    print(sum(finish), max(finish), finish[:5])


main()
