/**
 * Common given names (US Social Security top names across recent decades, plus frequent Spanish,
 * Vietnamese and other names in Pacific Northwest caseloads). A name from this list followed by a
 * capitalised word ("Maria Lopez") is reported as a possible person's name. Names that are also
 * everyday words at the start of a sentence (Will, Grace, Hope, May, June, Mark, Bill, Rose, Joy,
 * Faith, Art, Sky, Summer, Page...) are left out on purpose: they would flag ordinary prose.
 */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  `Aaron Abigail Adam Adrian Aiden Alan Albert Alejandro Alex Alexander Alexis Alice Alicia Alma Alyssa Amanda Amber Amy Ana Andrea Andrew Angel Angela Anna Anne Anthony Antonio Ashley Austin
Barbara Benjamin Betty Beverly Billy Bobby Bonnie Brandon Brenda Brian Brittany Bruce Bryan Caleb Carl Carlos Carmen Carol Caroline Carolyn Catherine Charles Charlotte Cheryl Christian Christina Christine Christopher Cindy Claudia Cody Connor Craig Crystal Cynthia
Daniel Danielle David Deborah Debra Denise Dennis Derek Diana Diane Diego Donald Donna Doris Dorothy Douglas Dustin Dylan Edgar Eduardo Edward Elena Elijah Elizabeth Ella Emily Emma Eric Erica Erik Erin Ethan Eugene Evelyn Francisco Frank Gabriel Gary George Gerald Gloria Gregory
Hannah Harold Heather Helen Henry Hector Isaac Isabel Isabella Jack Jacob Jacqueline James Jamie Janet Janice Jason Javier Jeffrey Jennifer Jeremy Jerry Jesse Jessica Jesus Joan Joe Joel John Johnny Jonathan Jorge Jose Joseph Joshua Joyce Juan Judith Judy Julia Julie Justin
Karen Katherine Kathleen Kathryn Kathy Keith Kelly Kenneth Kevin Kimberly Kyle Larry Laura Lauren Lawrence Linda Lisa Logan Lori Louis Lucas Luis Madison Manuel Margaret Maria Marie Marilyn Mario Martha Martin Mary Matthew Megan Melissa Michael Michelle Miguel Nancy Natalie Nathan Nguyen Nicholas Nicole Noah Olivia Oscar
Pamela Patricia Patrick Paul Pedro Peter Philip Rachel Rafael Ralph Randy Raymond Rebecca Ricardo Richard Robert Roger Ronald Roy Russell Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sergio Sharon Shirley Sophia Stephanie Stephen Steven Susan Teresa Terry Thomas Timothy Tina Travis Tyler Valerie Vanessa Victor Victoria Vincent Virginia Walter Wayne William Zachary`.split(/\s+/),
)
