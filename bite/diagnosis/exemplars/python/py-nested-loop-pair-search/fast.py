# bite-exemplar: begin
def attach_names(orders, customers):
    name_of = {cid: name for cid, name in customers}
    named = []
    for order_id, customer_id in orders:
        if customer_id in name_of:
            named.append((order_id, name_of[customer_id]))
    return named
# bite-exemplar: end


def main():
    customers = [(i * 11 % 3500, f"customer{i}") for i in range(3500)]
    orders = [(i, i * 13 % 4000) for i in range(6500)]
    named = attach_names(orders, customers)
    print(len(named), named[:3])


main()
