# bite-exemplar: begin
def attach_names(orders, customers):
    named = []
    for order_id, customer_id in orders:
        for cid, name in customers:
            if cid == customer_id:
                named.append((order_id, name))
    return named
# bite-exemplar: end


def main():
    customers = [(i * 11 % 3500, f"customer{i}") for i in range(3500)]
    orders = [(i, i * 13 % 4000) for i in range(6500)]
    named = attach_names(orders, customers)
    print(len(named), named[:3])


main()
