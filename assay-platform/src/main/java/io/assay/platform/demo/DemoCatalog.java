package io.assay.platform.demo;

import java.util.List;
import java.util.Locale;

/** The fixed word lists the demo data is picked from: people, places and things to sell. */
final class DemoCatalog {

    /** A sales region, with what shipping an order there costs. */
    record Region(String name, double shippingFee) {
    }

    /** A city customers live in; the list's make-up sets each region's share of customers. */
    record Place(Region region, String country, String city, String phoneCode) {
    }

    /** A category of products and the share of the price a product of it costs the shop. */
    record Category(String name, String skuPrefix, double costRatioLow, double costRatioHigh) {
    }

    /**
     * A kind of product, with the range its list prices fall in and its relative share of the
     * catalogue (cheap everyday kinds are more numerous than laptops).
     */
    record Kind(Category category, String noun, double minPrice, double maxPrice, double share) {
    }

    static final Region NORTH_AMERICA = new Region("North America", 5.99);
    static final Region EUROPE = new Region("Europe", 4.99);
    static final Region APAC = new Region("APAC", 7.99);
    static final Region LATAM = new Region("LATAM", 9.99);
    static final List<Region> REGIONS = List.of(NORTH_AMERICA, EUROPE, APAC, LATAM);

    /** 40 cities: North America 16, Europe 12, APAC 8, LATAM 4, so customers split 40/30/20/10. */
    static final List<Place> PLACES = List.of(
            new Place(NORTH_AMERICA, "United States", "New York", "1"),
            new Place(NORTH_AMERICA, "United States", "Los Angeles", "1"),
            new Place(NORTH_AMERICA, "United States", "Chicago", "1"),
            new Place(NORTH_AMERICA, "United States", "Houston", "1"),
            new Place(NORTH_AMERICA, "United States", "Phoenix", "1"),
            new Place(NORTH_AMERICA, "United States", "Philadelphia", "1"),
            new Place(NORTH_AMERICA, "United States", "San Francisco", "1"),
            new Place(NORTH_AMERICA, "United States", "Seattle", "1"),
            new Place(NORTH_AMERICA, "United States", "Boston", "1"),
            new Place(NORTH_AMERICA, "United States", "Austin", "1"),
            new Place(NORTH_AMERICA, "United States", "Denver", "1"),
            new Place(NORTH_AMERICA, "United States", "Atlanta", "1"),
            new Place(NORTH_AMERICA, "Canada", "Toronto", "1"),
            new Place(NORTH_AMERICA, "Canada", "Vancouver", "1"),
            new Place(NORTH_AMERICA, "Canada", "Montreal", "1"),
            new Place(NORTH_AMERICA, "Canada", "Calgary", "1"),
            new Place(EUROPE, "United Kingdom", "London", "44"),
            new Place(EUROPE, "United Kingdom", "Manchester", "44"),
            new Place(EUROPE, "Germany", "Berlin", "49"),
            new Place(EUROPE, "Germany", "Munich", "49"),
            new Place(EUROPE, "Germany", "Hamburg", "49"),
            new Place(EUROPE, "France", "Paris", "33"),
            new Place(EUROPE, "France", "Lyon", "33"),
            new Place(EUROPE, "Spain", "Madrid", "34"),
            new Place(EUROPE, "Spain", "Barcelona", "34"),
            new Place(EUROPE, "Italy", "Milan", "39"),
            new Place(EUROPE, "Italy", "Rome", "39"),
            new Place(EUROPE, "Netherlands", "Amsterdam", "31"),
            new Place(APAC, "Japan", "Tokyo", "81"),
            new Place(APAC, "Japan", "Osaka", "81"),
            new Place(APAC, "Australia", "Sydney", "61"),
            new Place(APAC, "Australia", "Melbourne", "61"),
            new Place(APAC, "Singapore", "Singapore", "65"),
            new Place(APAC, "India", "Mumbai", "91"),
            new Place(APAC, "India", "Bangalore", "91"),
            new Place(APAC, "South Korea", "Seoul", "82"),
            new Place(LATAM, "Brazil", "Sao Paulo", "55"),
            new Place(LATAM, "Mexico", "Mexico City", "52"),
            new Place(LATAM, "Argentina", "Buenos Aires", "54"),
            new Place(LATAM, "Colombia", "Bogota", "57"));

    static final List<String> FIRST_NAMES = List.of(
            "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Daniel", "Karen",
            "Matthew", "Emma", "Lucas", "Sofia", "Liam", "Olivia", "Noah", "Mia", "Hiroshi", "Yuki",
            "Wei", "Mei", "Arjun", "Priya", "Minjun", "Jiwoo", "Mateo", "Valentina", "Santiago", "Camila",
            "Luca", "Giulia", "Hans", "Anna", "Pierre", "Chloe", "Javier", "Lucia", "Oliver", "Amelia");

    static final List<String> LAST_NAMES = List.of(
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
            "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee",
            "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright",
            "Muller", "Schmidt", "Rossi", "Bianchi", "Dubois", "Lefevre", "Fernandez", "Silva", "Santos", "Tanaka",
            "Suzuki", "Sato", "Kim", "Park", "Chen", "Wang", "Patel", "Sharma", "Nguyen", "Cohen");

    static final List<String> EMAIL_DOMAINS = List.of(
            "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "aol.com", "mail.com");

    static final List<String> SEGMENTS = List.of("Consumer", "Small Business", "Corporate");

    private static final Category ELECTRONICS = new Category("Electronics", "ELE", 0.70, 0.85);
    private static final Category HOME = new Category("Home & Kitchen", "HOM", 0.45, 0.65);
    private static final Category CLOTHING = new Category("Clothing", "CLO", 0.30, 0.50);
    private static final Category SPORTS = new Category("Sports & Outdoors", "SPO", 0.45, 0.65);
    private static final Category BOOKS = new Category("Books", "BOO", 0.55, 0.70);
    private static final Category BEAUTY = new Category("Beauty", "BEA", 0.25, 0.45);
    private static final Category TOYS = new Category("Toys", "TOY", 0.45, 0.60);
    private static final Category GROCERY = new Category("Grocery", "GRO", 0.65, 0.80);

    /** What the shop sells; a category's share of the catalogue follows its number of kinds. */
    static final List<Kind> KINDS = List.of(
            new Kind(ELECTRONICS, "Wireless Earbuds", 19, 249, 1.2),
            new Kind(ELECTRONICS, "Headphones", 29, 399, 1),
            new Kind(ELECTRONICS, "Bluetooth Speaker", 19, 299, 1),
            new Kind(ELECTRONICS, "Smartwatch", 79, 499, 0.6),
            new Kind(ELECTRONICS, "Tablet", 149, 1099, 0.4),
            new Kind(ELECTRONICS, "Laptop", 399, 2499, 0.3),
            new Kind(ELECTRONICS, "Monitor", 119, 899, 0.4),
            new Kind(ELECTRONICS, "Keyboard", 19, 199, 1),
            new Kind(ELECTRONICS, "Webcam", 29, 199, 0.7),
            new Kind(ELECTRONICS, "Power Bank", 15, 89, 1.2),
            new Kind(HOME, "Coffee Maker", 29, 399, 0.8),
            new Kind(HOME, "Blender", 25, 299, 0.7),
            new Kind(HOME, "Cookware Set", 49, 499, 0.6),
            new Kind(HOME, "Knife Set", 29, 299, 0.7),
            new Kind(HOME, "Desk Lamp", 15, 149, 1),
            new Kind(HOME, "Throw Blanket", 19, 129, 1),
            new Kind(HOME, "Air Purifier", 79, 599, 0.4),
            new Kind(HOME, "Storage Baskets", 9, 59, 1.2),
            new Kind(CLOTHING, "T-Shirt", 9, 49, 1.4),
            new Kind(CLOTHING, "Hoodie", 29, 119, 1.2),
            new Kind(CLOTHING, "Jeans", 29, 149, 1.2),
            new Kind(CLOTHING, "Running Jacket", 49, 249, 0.8),
            new Kind(CLOTHING, "Sneakers", 39, 199, 1.2),
            new Kind(CLOTHING, "Wool Socks", 6, 29, 1.4),
            new Kind(CLOTHING, "Summer Dress", 29, 199, 1.2),
            new Kind(SPORTS, "Yoga Mat", 15, 99, 1),
            new Kind(SPORTS, "Dumbbell Set", 29, 299, 0.7),
            new Kind(SPORTS, "Camping Tent", 59, 599, 0.4),
            new Kind(SPORTS, "Hiking Backpack", 29, 249, 0.8),
            new Kind(SPORTS, "Water Bottle", 9, 45, 1.3),
            new Kind(SPORTS, "Bike Helmet", 29, 199, 0.7),
            new Kind(SPORTS, "Fitness Tracker", 39, 199, 0.7),
            new Kind(BOOKS, "Paperback Novel", 7, 22, 1.5),
            new Kind(BOOKS, "Cookbook", 14, 45, 1.3),
            new Kind(BOOKS, "Children's Picture Book", 5, 19, 1.3),
            new Kind(BOOKS, "Travel Guide", 12, 35, 1.1),
            new Kind(BOOKS, "Graphic Novel", 12, 39, 1.1),
            new Kind(BEAUTY, "Face Serum", 12, 89, 1.2),
            new Kind(BEAUTY, "Moisturizer", 9, 69, 1.3),
            new Kind(BEAUTY, "Shampoo", 5, 35, 1.4),
            new Kind(BEAUTY, "Perfume", 29, 179, 0.8),
            new Kind(BEAUTY, "Makeup Palette", 12, 79, 1.1),
            new Kind(TOYS, "Building Blocks", 12, 149, 1),
            new Kind(TOYS, "Jigsaw Puzzle", 9, 39, 1.1),
            new Kind(TOYS, "Plush Toy", 8, 45, 1.1),
            new Kind(TOYS, "Board Game", 15, 69, 1),
            new Kind(TOYS, "RC Car", 25, 199, 0.7),
            new Kind(GROCERY, "Coffee Beans", 8, 39, 1.4),
            new Kind(GROCERY, "Green Tea", 4, 25, 1.3),
            new Kind(GROCERY, "Olive Oil", 7, 35, 1.3),
            new Kind(GROCERY, "Dark Chocolate", 2, 12, 1.5),
            new Kind(GROCERY, "Protein Bars", 12, 39, 1.3));

    static final List<String> ADJECTIVES = List.of(
            "Classic", "Pro", "Ultra", "Eco", "Smart", "Premium", "Essential", "Deluxe", "Compact", "Urban", "Nordic",
            "Vintage");

    /** Model suffixes; the empty one is the plain model. */
    static final List<String> EDITIONS = List.of("", " 2", " Max", " Mini", " Lite", " Plus", " X", " S");

    private DemoCatalog() {
    }

    /** The share of places (and so of customers) in {@code region}. */
    static double share(Region region) {
        return (double) PLACES.stream().filter(p -> p.region().equals(region)).count() / PLACES.size();
    }

    static List<String> lowerCase(List<String> words) {
        return words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    static List<String> initials(List<String> words) {
        return words.stream().map(w -> w.substring(0, 1).toLowerCase(Locale.ROOT)).toList();
    }
}
