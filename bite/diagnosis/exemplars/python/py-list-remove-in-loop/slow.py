# bite-exemplar: begin
def active_users(users, banned):
    active = list(users)
    for name in banned:
        active.remove(name)
    return active
# bite-exemplar: end


def main():
    users = [f"user{i * 37 % 15000:05d}" for i in range(15000)]
    banned = users[1::2]
    active = active_users(users, banned)
    print(len(active), active[:3], active[-1])


main()
