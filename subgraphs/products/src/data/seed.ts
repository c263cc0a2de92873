import { createProductsDb } from "./prisma.ts";

const CATALOGUE: Record<string, [name: string, description: string, priceCents: number][]> = {
  Apparel: [
    ["Organic Cotton T-Shirt", "Soft, breathable everyday tee in organic cotton.", 1999],
    ["Merino Wool Sweater", "Warm crew-neck sweater, machine washable.", 7900],
    ["Rain Jacket", "Lightweight waterproof shell with taped seams.", 11900],
    ["Running Shorts", "Quick-dry shorts with a zip pocket.", 2900],
    ["Wool Socks (3 pack)", "Cushioned hiking socks.", 1800],
    ["Denim Jeans", "Straight-fit jeans in rigid denim.", 6900],
    ["Baseball Cap", "Adjustable cotton twill cap.", 1500],
  ],
  Kitchen: [
    ["Ceramic Coffee Mug", "350 ml stoneware mug, dishwasher safe.", 1200],
    ["Cast Iron Skillet", "26 cm pre-seasoned skillet.", 4500],
    ["Chef's Knife", "20 cm stainless steel chef's knife.", 5900],
    ["Bamboo Cutting Board", "Large end-grain bamboo board.", 2900],
    ["French Press", "1 litre glass coffee press.", 3400],
    ["Spice Rack", "Wall-mounted rack with 12 jars.", 3900],
    ["Stainless Steel Kettle", "Stovetop whistling kettle, 2 litres.", 4200],
  ],
  Electronics: [
    ["Wireless Earbuds", "Noise-cancelling earbuds with charging case.", 12900],
    ["USB-C Charger 65W", "Compact GaN charger for laptops and phones.", 4900],
    ["Mechanical Keyboard", "Tenkeyless keyboard with hot-swap switches.", 9900],
    ["Portable SSD 1TB", "USB-C external solid state drive.", 10900],
    ["Bluetooth Speaker", "Water-resistant speaker, 12 hours of play.", 6900],
    ["Webcam 1080p", "Full HD webcam with privacy shutter.", 5900],
  ],
  Books: [
    ["Designing Data-Intensive Applications", "The big ideas behind reliable, scalable systems.", 4500],
    ["The Pragmatic Programmer", "From journeyman to master, 20th anniversary edition.", 3900],
    ["Refactoring", "Improving the design of existing code.", 4700],
    ["Domain-Driven Design", "Tackling complexity in the heart of software.", 5500],
    ["Release It!", "Design and deploy production-ready software.", 4100],
  ],
  Outdoors: [
    ["Trekking Poles", "Collapsible aluminium poles, pair.", 5900],
    ["Insulated Water Bottle", "750 ml, keeps drinks cold for 24 hours.", 2900],
    ["Camping Hammock", "Parachute nylon hammock with straps.", 4900],
    ["Headlamp", "Rechargeable 400 lumen headlamp.", 3500],
    ["Daypack 20L", "Light daypack with hydration sleeve.", 6500],
    ["Compact Tent", "Two-person three-season tent.", 19900],
  ],
};

/** The demo catalogue, keyed by SKU: running it again changes nothing that exists. */
export async function seedProducts(databaseUrl: string): Promise<number> {
  const db = createProductsDb(databaseUrl);
  try {
    const rows = Object.entries(CATALOGUE).flatMap(([category, items]) =>
      items.map(([name, description, priceCents], index) => ({
        sku: `${category.slice(0, 3).toUpperCase()}-${String(index + 1).padStart(3, "0")}`,
        name,
        description,
        priceCents,
        currency: "EUR",
        category,
        stock: 25 + ((index * 17) % 75),
      })),
    );
    const { count } = await db.product.createMany({ data: rows, skipDuplicates: true });
    return count;
  } finally {
    await db.$disconnect();
  }
}
