# bite-exemplar: begin
def best_flip(board, moves):
    best = None
    for r, c in moves:
        trial = [row[:] for row in board]
        trial[r][c] = 1 - trial[r][c]
        score = sum(trial[r]) * 1000 - c
        if best is None or score > best[0]:
            best = (score, r, c)
    return best
# bite-exemplar: end


def main():
    rows, cols = 4, 240
    board = [[(r * 5 + c * 3) % 4 // 3 for c in range(cols)] for r in range(rows)]
    moves = [(i * 7 % rows, i * 11 % cols) for i in range(2000)]
    print(best_flip(board, moves))


main()
