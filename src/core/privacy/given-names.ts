/**
 * Name lists for the PII_NAME heuristics: data, not logic. Looked up case-insensitively and
 * without diacritics (see name-key.ts).
 *
 * GIVEN_NAMES: common given names of the people LEAD sites serve: US Social Security top names
 * across recent decades, and frequent African American, Hispanic/Latino, Vietnamese, Chinese,
 * Korean, Filipino, South Asian, Arabic/Somali, East African, Slavic, Pacific Islander and Native
 * names, and Jane and the short forms people go by (Mike, Chris, Tom: `Met Jane Doe` passed). Names
 * that are also everyday words at the start of a sentence (Will, Grace, Hope, May, June, Mark,
 * Bill, Rose, Joy, Faith, Art, Sky, Summer, Page, An, Long, Sunny, Chase, Hunter, Dakota,
 * Phoenix...) are left out on purpose: they would flag ordinary prose.
 */
import {nameKey} from './name-key.js'

const words = (s: string) => s.split(/\s+/).filter(Boolean).map(nameKey)

export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  words(`Aaron Abigail Adam Adrian Aiden Alan Albert Alejandro Alex Alexander Alexis Alice Alicia Alma Alyssa Amanda Amber Amy Ana Andrea Andrew Angel Angela Anna Anne Anthony Antonio Ashley Austin
Barbara Benjamin Betty Beverly Billy Bobby Bonnie Brandon Brenda Brian Brittany Bruce Bryan Caleb Carl Carlos Carmen Carol Caroline Carolyn Catherine Charles Charlotte Cheryl Christian Christina Christine Christopher Cindy Claudia Cody Connor Craig Crystal Cynthia
Daniel Danielle David Deborah Debra Denise Dennis Derek Diana Diane Diego Donald Donna Doris Dorothy Douglas Dustin Dylan Edgar Eduardo Edward Elena Elijah Elizabeth Ella Emily Emma Eric Erica Erik Erin Ethan Eugene Evelyn Francisco Frank Gabriel Gary George Gerald Gloria Gregory
Hannah Harold Heather Helen Henry Hector Isaac Isabel Isabella Jack Jacob Jacqueline James Jamie Janet Janice Jason Javier Jeffrey Jennifer Jeremy Jerry Jesse Jessica Jesus Joan Joe Joel John Johnny Jonathan Jorge Jose Joseph Joshua Joyce Juan Judith Judy Julia Julie Justin
Karen Katherine Kathleen Kathryn Kathy Keith Kelly Kenneth Kevin Kimberly Kyle Larry Laura Lauren Lawrence Linda Lisa Logan Lori Louis Lucas Luis Madison Manuel Margaret Maria Marie Marilyn Mario Martha Martin Mary Matthew Megan Melissa Michael Michelle Miguel Nancy Natalie Nathan Nicholas Nicole Noah Olivia Oscar
Pamela Patricia Patrick Paul Pedro Peter Philip Rachel Rafael Ralph Randy Raymond Rebecca Ricardo Richard Robert Roger Ronald Roy Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sergio Sharon Shirley Sophia Stephanie Stephen Steven Susan Teresa Terry Thomas Timothy Tina Travis Tyler Valerie Vanessa Victor Victoria Vincent Virginia Walter Wayne William Zachary
Aaliyah Ahmad Aisha Akeem Alonzo Andre Antoine Antwan Armani Cedric Cornelius Curtis Darius Darnell Darrell Dashawn Deandre Demetrius Denzel Deshawn Desmond Devon Dominique Ebony Imani Jabari Jalen Jamal Jamar Jaquan Jasmine Jermaine Jerome Keisha Kendrick Keshawn Lakisha Lamar Lashonda Latasha Latisha Latoya Leroy Malik Marquis Marcus Maurice Monique Nia Precious Quentin Rashad Reginald Shanice Shaniqua Tamika Tanisha Terrell Tiara Trevon Tyrell Tyrone Tyshawn Willie
Adriana Alberto Alejandra Alfonso Alfredo Araceli Armando Arturo Beatriz Blanca Catalina Cesar Consuelo Cristina Daniela Dolores Elvia Enrique Ernesto Esperanza Estela Esteban Fernando Gilberto Graciela Guadalupe Guillermo Gustavo Ignacio Irma Jaime Jazmin Joaquin Josefina Juana Julio Leticia Lorena Lourdes Lucia Luz Marco Margarita Maribel Marisol Mateo Mercedes Nestor Norma Octavio Pablo Ramon Raul Refugio Reyna Roberto Rodrigo Rogelio Rosa Rosario Salvador Santiago Silvia Socorro Sofia Ximena Yesenia Yolanda
Anh Bao Binh Cuong Dung Duc Dat Hieu Hoa Hung Huong Huy Khanh Khoa Lan Linh Loan Minh Nga Ngoc Nhung Phuong Quang Quynh Thanh Thao Thuy Trang Trinh Trung Tuan Tuyet Vinh Xuan
Wei Jian Jun Ming Hui Xiao Yan Ying Mei Ling Qiang Hao Jie Lei Yong Zhen Ji-woon Min-jun Seo-yeon Ji-ho Hyun Sung Eun Jae
Maricel Rodel Jocelyn Rowena Marites Romeo Rizalino Analyn
Aarav Amit Ananya Anil Arjun Deepak Divya Gurpreet Harpreet Jaspreet Kavita Manpreet Mohan Neha Pooja Pradeep Priya Rahul Raj Rajesh Ravi Sanjay Sunil Suresh Vijay
Abdi Abdirahman Abdullah Ahmed Amina Asha Ayaan Fadumo Farah Fatima Halima Hamza Hassan Hawa Hodan Ibrahim Khadija Layla Mohamed Mohammed Muhammad Mustafa Omar Osman Said Yusuf Zainab
Abebe Almaz Amare Dawit Haile Kebede Mulugeta Selam Tesfaye Yonas Chinedu Oluwaseun Kwame Kofi
Aleksandr Anastasia Dmitri Dmitry Galina Igor Irina Ivan Lyudmila Mykola Natalia Natasha Nikolai Oksana Olga Oleksandr Sergei Sergey Svetlana Tatiana Vasyl Viktor Vladimir Yulia
Keoni Leilani Malia Sione Tevita Losa Mele Kalani Makana Kekoa
Winona Chenoa Ayasha Tayanita
Jane Kate Tim Tom Jim Dan Ann Jill Tony Nora Lucy Liam Mia Ava Chloe Abby Mike Dave Steve Chris Matt Nick Beth Jake Luke Evan Kayla Jada Tasha Tiffany Zoe Eva Leo Owen Ben Sam`),
)

/**
 * Common surnames: US Census top surnames, plus frequent Vietnamese, Chinese, Korean, South Asian
 * and Native surnames. A surname here makes a following given name count in any case
 * ("john smith", "Smith, John").
 */
export const SURNAMES: ReadonlySet<string> = new Set(
  words(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Myers Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval
Nguyen Tran Pham Hoang Huynh Phan Vu Vo Dang Bui Duong Truong Ngo Dinh Lam Luong Trinh Mai Cao
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Lin Guo Ma Kim Park Choi Jung Kang Cho Yoon Jang Lim Patel Singh Kumar Shah Gupta Sharma Begay Yazzie Benally Tsosie Nez`),
)

/** Surnames written before the given name (Vietnamese, Chinese, Korean order): "Nguyễn Văn An", "Tran Minh". */
export const SURNAME_FIRST: ReadonlySet<string> = new Set(words('Nguyen Tran Pham Hoang Huynh Phan Vu Vo Dang Bui Duong Truong Ngo Dinh Luong Trinh Zhang Zhao Zhou Huang Choi Yoon'))

/** Capitalised words that open a sentence and are followed by a comma ("Yesterday, Maria"): not a "Surname, Given". */
export const NOT_SURNAMES: ReadonlySet<string> = new Set(
  words(`Yesterday Today Tonight Tomorrow Also However Then Later Afterwards Meanwhile Earlier Again Finally First Second Next Later Now Here There Hello Hi Dear Thanks Yes No Okay Ok Please Sorry Note Update Per Re Since Because When While After Before Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June July August September October November December Morning Evening Afternoon Overnight Instead Otherwise Still Unfortunately Fortunately Currently Initially`),
)
